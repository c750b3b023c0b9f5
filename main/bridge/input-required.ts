// SEP-2322 multi-round-trip requests for a 2025-era client: an `input_required` result becomes the client's own requests (elicitation, sampling, roots), their answers go back as `inputResponses` with the byte-exact `requestState` on a new JSON-RPC id; the client sees only the final result.
import type { ClientCapabilities } from '@modelcontextprotocol/client';
import { setTimeout as sleep } from 'node:timers/promises';
import { BridgeError, isObject, RpcCode, type Outcome, type Params, type Result } from './rpc.ts';

/** Rounds one request may take before the bridge gives up (the SDK client's default too). */
export const MAX_ROUNDS = 8;
/** Pause before a round that carries no input request (only `requestState`), so nothing spins. */
const STATE_ONLY_PACING_MS = 250;

export interface InputRound {
  /** The original request's params (each retry is built from them). */
  params: Params;
  /** What the client declared in its initialize. */
  capabilities: ClientCapabilities;
  /** Who the server is, for messages. */
  serverName: string;
  /** Asks the client one of the server's input requests. */
  ask(method: string, params: Params, signal?: AbortSignal): Promise<Result>;
  /** Sends the original request again with these params, on a new id. */
  retry(params: Params): Promise<Outcome>;
  signal?: AbortSignal;
}

interface InputRequest {
  method: string;
  params: Params;
}

export function isInputRequired(r: Result): boolean {
  return r.resultType === 'input_required';
}

/** Drives `first` to a complete result (or an error), asking the client for each round's input. */
export async function fulfil(first: Result, f: InputRound): Promise<Outcome> {
  let current = first;
  for (let round = 1; isInputRequired(current); round++) {
    if (round > MAX_ROUNDS) throw new BridgeError(RpcCode.RemoteFailed, `${f.serverName} still asked for input after ${MAX_ROUNDS} rounds; MCP Desk stopped there`, { rounds: MAX_ROUNDS });
    const requests = inputRequestsOf(current, f.serverName);
    for (const [, r] of requests) assertCapable(r, f.capabilities, f.serverName);
    const responses = requests.length ? await askAll(requests, f) : await sleep(STATE_ONLY_PACING_MS, undefined, { signal: f.signal });
    const next = await f.retry(retryParams(f.params, responses, current.requestState));
    if ('error' in next) return next;
    current = next.result;
  }
  return { result: current };
}

async function askAll(requests: [string, InputRequest][], f: InputRound): Promise<Record<string, Result>> {
  const answers = await Promise.all(requests.map(async ([key, r]) => [key, await f.ask(r.method, r.params, f.signal)] as const));
  return Object.fromEntries(answers);
}

/** The original params, this round's answers (when there are any) and the server's `requestState` exactly as received (when it sent one). */
export function retryParams(params: Params, responses: Record<string, Result> | undefined, requestState: unknown): Params {
  return {
    ...params,
    ...(responses && Object.keys(responses).length > 0 && { inputResponses: responses }),
    ...(requestState !== undefined && { requestState }),
  };
}

function inputRequestsOf(r: Result, serverName: string): [string, InputRequest][] {
  if (r.inputRequests === undefined) return [];
  if (!isObject(r.inputRequests)) throw new BridgeError(RpcCode.RemoteFailed, `${serverName} asked for input in a malformed way (inputRequests is not an object)`);
  return Object.entries(r.inputRequests).map(([key, v]) => {
    if (!isObject(v) || typeof v.method !== 'string') throw new BridgeError(RpcCode.RemoteFailed, `${serverName} asked for input in a malformed way (input request "${key.slice(0, 60)}")`);
    return [key, { method: v.method, params: isObject(v.params) ? v.params : {} }];
  });
}

/** Refuses a round the client cannot answer: what it did not declare (MCP 2026-07-28 MissingRequiredClientCapability). */
function assertCapable(r: InputRequest, caps: ClientCapabilities, serverName: string): void {
  const needed = requiredCapability(r, caps);
  if (needed === undefined) return;
  const what = r.method === 'elicitation/create' ? 'the person\'s input (elicitation)' : r.method;
  throw new BridgeError(
    RpcCode.MissingCapability,
    `${serverName} needs input the client cannot give: it asks for ${what}, and this client did not declare the ${Object.keys(needed).join(', ')} capability`,
    { requiredCapabilities: needed },
  );
}

function requiredCapability(r: InputRequest, caps: ClientCapabilities): ClientCapabilities | undefined {
  const c = caps as Record<string, unknown>;
  if (r.method === 'elicitation/create') {
    const url = r.params.mode === 'url';
    const elicitation = isObject(c.elicitation) ? c.elicitation : undefined;
    if (!elicitation) return { elicitation: url ? { url: {} } : { form: {} } };
    // An empty object (2025-06-18) means form mode; URL mode must be declared.
    return url && !isObject(elicitation.url) ? { elicitation: { url: {} } } : undefined;
  }
  if (r.method === 'sampling/createMessage') return isObject(c.sampling) ? undefined : { sampling: {} };
  if (r.method === 'roots/list') return isObject(c.roots) ? undefined : { roots: {} };
  throw new BridgeError(RpcCode.RemoteFailed, `${r.method.slice(0, 60)} is not an input request MCP Desk can pass on to a 2025 client`);
}
