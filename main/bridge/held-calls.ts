// SEP-2322 for a 2026-07-28 client before a 2025 server: the server's requests during a call (elicitation, sampling) become that call's `input_required` rounds; the client's retry, carrying the bridge's `requestState`, answers them, and the server's own answer ends the call.
import { randomBytes } from 'node:crypto';
import type { JSONRPCRequest, RequestId } from '@modelcontextprotocol/client';
import { isObject, RpcCode, type Outcome, type Params, type Result } from './rpc.ts';

/** Marks a `requestState` the bridge issued (a server's own state never reaches a 2025 server, so none can be mistaken). */
const STATE_PREFIX = 'mcpdesk-held:';
/** A round the client never answers is given up after this: the server's requests get an error. */
export const HOLD_MS = 10 * 60_000;
/** Calls that may wait for a client's answer at once; past this a server's request is refused. */
const MAX_WAITING = 32;

/** The server's answer to the forwarded request, settled either way (never an unhandled rejection). */
type Settled = { outcome: Outcome } | { failure: unknown };

interface Held {
  readonly related: RequestId;
  readonly answer: Promise<Settled>;
  /** Server requests not yet put to the client. */
  readonly queue: JSONRPCRequest[];
  /** This round's input keys → the server request each answers. */
  asked: Map<string, RequestId>;
  wake?: () => void;
  timer?: NodeJS.Timeout;
}

export class HeldCalls {
  readonly #byRelated = new Map<RequestId, Held>();
  readonly #byState = new Map<string, Held>();
  readonly #answerServer: (id: RequestId, o: Outcome) => Promise<void>;

  /** `answerServer` sends the server the answer to one of its requests. */
  constructor(answerServer: (id: RequestId, o: Outcome) => Promise<void>) {
    this.#answerServer = answerServer;
  }

  /** Waits for `answer` (the server's to the request forwarded as `related`), or for the server to ask something first. */
  run(related: RequestId, answer: Promise<Outcome>): Promise<Outcome> {
    const held: Held = { related, answer: answer.then((outcome) => ({ outcome }), (failure: unknown) => ({ failure })), queue: [], asked: new Map() };
    this.#byRelated.set(related, held);
    return this.#next(held);
  }

  /** A server request related to `related`: kept for the client's next round. False when no call waits on it (or too many do). */
  offer(related: RequestId, req: JSONRPCRequest): boolean {
    const held = this.#byRelated.get(related);
    if (!held || this.#byState.size >= MAX_WAITING) return false;
    held.queue.push(req);
    held.wake?.();
    return true;
  }

  /** The client's retry of a held call: its answers go to the server, then the call waits again. Undefined when `requestState` is not the bridge's. */
  resume(params: Params): Promise<Outcome> | undefined {
    const state = params.requestState;
    if (typeof state !== 'string' || !state.startsWith(STATE_PREFIX)) return undefined;
    const held = this.#byState.get(state);
    if (!held) return Promise.resolve({ error: { code: RpcCode.InvalidParams, message: 'MCP Desk no longer holds this call (its requestState expired or belongs to another bridge): make the call again' } });
    this.#byState.delete(state);
    clearTimeout(held.timer);
    const responses = isObject(params.inputResponses) ? params.inputResponses : {};
    return this.#reply(held, responses).then(() => this.#next(held));
  }

  /** Each asked server request gets the client's answer, or an error when the client gave none. */
  async #reply(held: Held, responses: Record<string, unknown>): Promise<void> {
    const asked = [...held.asked];
    held.asked = new Map();
    await Promise.all(asked.map(([key, id]) => this.#answerServer(id, answerOf(responses[key]))));
  }

  async #next(held: Held): Promise<Outcome> {
    const asking = new Promise<'ask'>((resolve) => {
      held.wake = () => resolve('ask');
      if (held.queue.length) resolve('ask');
    });
    const first = await Promise.race([held.answer, asking]);
    held.wake = undefined;
    if (first !== 'ask') {
      this.#byRelated.delete(held.related);
      if ('failure' in first) throw first.failure;
      return first.outcome;
    }
    return { result: this.#round(held) };
  }

  /** The queued server requests as one `input_required` result, with a fresh state the client echoes. */
  #round(held: Held): Result {
    const inputRequests: Record<string, { method: string; params: Params }> = {};
    for (const r of held.queue.splice(0)) {
      const key = `${r.method.replace(/\W+/g, '-')}-${String(r.id).slice(0, 40)}`;
      inputRequests[key] = { method: r.method, params: r.params ?? {} };
      held.asked.set(key, r.id);
    }
    const state = STATE_PREFIX + randomBytes(16).toString('base64url');
    this.#byState.set(state, held);
    held.timer = setTimeout(() => void this.#expire(state, held), HOLD_MS).unref();
    return { resultType: 'input_required', inputRequests, requestState: state };
  }

  /** The client never came back: the server hears so, and later requests of that call are refused. */
  async #expire(state: string, held: Held): Promise<void> {
    this.#byState.delete(state);
    this.#byRelated.delete(held.related);
    const asked = [...held.asked.values()];
    held.asked = new Map();
    await Promise.all(asked.map((id) => this.#answerServer(id, { error: { code: RpcCode.RemoteFailed, message: 'The client did not answer within 10 minutes' } })));
  }
}

/** The server's answer from the client's input response: its result, or an error when there is none. */
function answerOf(response: unknown): Outcome {
  if (isObject(response)) return { result: response };
  return { error: { code: RpcCode.InvalidParams, message: 'The client sent no answer to this request' } };
}
