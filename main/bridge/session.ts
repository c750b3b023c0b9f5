// One bridge session: the era the client speaks (its first request tells), the era the server speaks (remembered or negotiated), and where each message goes for that pair — passed through, or translated (DESIGN.md "MCP protocol eras").
import type { JSONRPCMessage, JSONRPCNotification, JSONRPCRequest, RequestId } from '@modelcontextprotocol/client';
import { isDeskError } from '../errors.ts';
import { CLIENT_INFO } from '../servers/mcp-client.ts';
import { claimedVersion, envelopeOnly, identityOf, isModernVersion, withEnvelope, withoutEnvelope, type ClientIdentity } from './envelope.ts';
import { errorBody } from './failures.ts';
import { HeldCalls } from './held-calls.ts';
import { LegacyListens } from './legacy-listen.ts';
import { Listener } from './listen.ts';
import { answerLegacyClient } from './legacy-client.ts';
import { answerModernClient, initializeRemote } from './modern-client.ts';
import type { ModernTarget } from './modern-calls.ts';
import type { Local } from './local.ts';
import type { Remote } from './remote.ts';
import { relatedOf } from './related-tag.ts';
import type { LegacyInfo, RemoteEra } from './remote-era.ts';
import { BridgeError, isObject, isRequest, isResponse, outcomeOf, paramsOf, responseOf, RpcCode, type Outcome, type Params } from './rpc.ts';
import { ToolMap } from './tools.ts';

/** same era on both sides (2025), a 2025 client before a 2026-07-28 server, or a 2026-07-28 client before either. */
type Route = 'pass' | 'legacy-client' | 'modern-client';

export interface SessionOptions {
  serverName: string;
  local: Local;
  remote: Remote;
  /** The server's era: remembered, or negotiated (once; a failure is not kept); `renegotiate` forgets it and asks the server again. */
  era(renegotiate?: boolean): Promise<RemoteEra>;
  /** The remembered era proved wrong: negotiate on the next start. */
  forgetEra(): void;
  /** Remembers what a 2025 server's initialize said (for the next bridge's `server/discover` answer). */
  rememberLegacy(info: LegacyInfo): void;
  log(line: string): void;
}

export class Session {
  readonly serverName: string;
  readonly local: Local;
  readonly remote: Remote;
  readonly tools = new ToolMap();
  /** Calls of a 2026-07-28 client whose 2025 server asked something back (SEP-2322 rounds). */
  readonly held = new HeldCalls((id, o) => this.#tell(responseOf(id, o)));
  /** A 2025 client's change notifications from a 2026-07-28 server (SEP-2575). */
  readonly listener: Listener;
  /** A 2026-07-28 client's subscriptions/listen before a 2025 server (SEP-2575). */
  readonly legacyListens: LegacyListens;
  /** Who the client is (its initialize, or its first request's envelope). */
  client: ClientIdentity = { info: CLIENT_INFO, capabilities: {} };
  clientEra?: 'legacy' | 'modern';
  readonly #o: SessionOptions;
  #era?: RemoteEra;
  #legacy?: Promise<LegacyInfo>;
  readonly #inFlight = new Map<RequestId, AbortController>();

  constructor(o: SessionOptions) {
    this.#o = o;
    this.serverName = o.serverName;
    this.local = o.local;
    this.remote = o.remote;
    o.remote.onServerMessage = (m) => void this.#fromServer(m);
    this.listener = new Listener({ remote: o.remote, envelope: () => this.#listenEnvelope(), log: o.log });
    this.legacyListens = new LegacyListens({ remote: o.remote, send: (n) => this.local.send(n), log: o.log });
  }

  /** Stops what the session keeps open on its own (the change stream). */
  close(): void {
    this.listener.close();
  }

  #listenEnvelope(): Params {
    const era = this.#era?.era;
    return era?.kind === 'modern' ? envelopeOnly(withEnvelope({}, era.protocolVersion, this.client)) : {};
  }

  /** What a request to a 2026-07-28 server needs to know. */
  modernTarget(envelope: Params): ModernTarget {
    return { remote: this.remote, tools: this.tools, serverName: this.serverName, envelope, onUnsupportedVersion: () => this.#o.forgetEra() };
  }

  /** The bridge's own session with a 2025 server (for a 2026-07-28 client): initialized once. */
  legacySession(): Promise<LegacyInfo> {
    this.#legacy ??= initializeRemote(this.remote, this.client, this.serverName).then(
      (info) => {
        this.#o.rememberLegacy(info);
        return info;
      },
      (e: unknown) => {
        this.#legacy = undefined;
        throw e;
      },
    );
    return this.#legacy;
  }

  /** One message from the client. */
  async fromClient(msg: JSONRPCMessage): Promise<void> {
    if (isResponse(msg)) {
      if (this.local.receive(msg)) return;
      if (this.#route() === 'pass') await this.#tell(msg);
      else this.#o.log('dropped an answer from the client to a request nobody sent');
      return;
    }
    if (isRequest(msg)) return this.#answer(msg);
    return this.#notify(msg);
  }

  async #answer(msg: JSONRPCRequest): Promise<void> {
    this.#noteClient(msg);
    const ctl = new AbortController();
    this.#inFlight.set(msg.id, ctl);
    let out: Outcome;
    try {
      out = await this.#dispatch(msg, ctl.signal);
    } catch (e) {
      out = { error: errorBody(this.serverName, e) };
      this.#o.log(out.error.message);
    } finally {
      this.#inFlight.delete(msg.id);
    }
    // A cancelled request is not answered (MCP "Cancellation").
    if (!ctl.signal.aborted) await this.local.send(responseOf(msg.id, out));
  }

  async #dispatch(msg: JSONRPCRequest, signal: AbortSignal): Promise<Outcome> {
    // A ping needs no server: answered here unless both sides speak 2025 (then the server answers, as ever).
    if (msg.method === 'ping' && this.#route() !== 'pass') return { result: {} };
    const r = (this.#era = await this.#o.era());
    const startsLegacySession = r.remembered && r.era.kind === 'legacy' && (msg.method === 'initialize' || (this.clientEra === 'modern' && !this.#legacy));
    try {
      const out = await this.#routeTo(r, msg, signal);
      if (!startsLegacySession || !eraChanged(out)) return out;
    } catch (e) {
      if (!startsLegacySession || !eraChanged(e)) throw e;
    }
    // The remembered 2025 era is wrong (the server moved to 2026-07-28): negotiate again, once, and serve the request so.
    this.#o.log('the server refused to start a 2025 session: negotiating its era again');
    this.#legacy = undefined;
    this.#era = await this.#o.era(true);
    return this.#routeTo(this.#era, msg, signal);
  }

  #routeTo(r: RemoteEra, msg: JSONRPCRequest, signal: AbortSignal): Promise<Outcome> {
    const route = this.#route();
    if (route === 'legacy-client' && r.era.kind === 'modern') return answerLegacyClient(this, r.era, msg, signal);
    if (route === 'modern-client') return answerModernClient(this, r, msg, signal);
    return this.#pass(msg);
  }

  /** Both sides 2025: the request as it is; the negotiated version goes on every later HTTP request (MCP 2025-06-18 "Protocol Version Header"). */
  async #pass(msg: JSONRPCRequest): Promise<Outcome> {
    const out = outcomeOf(await this.remote.request(msg));
    if (msg.method === 'initialize' && 'result' in out && typeof out.result.protocolVersion === 'string') this.remote.transport.setProtocolVersion?.(out.result.protocolVersion);
    return out;
  }

  /** The client's era from its first telling request: initialize → 2025; a 2026-07-28 envelope → modern. */
  #noteClient(msg: JSONRPCRequest): void {
    if (this.clientEra) return;
    const p = paramsOf(msg);
    if (msg.method === 'initialize') this.clientEra = 'legacy';
    else if (isModernVersion(claimedVersion(p))) {
      this.clientEra = 'modern';
      this.client = identityOf(p, CLIENT_INFO);
    }
  }

  /** A 2026-07-28 client before a 2025 server. */
  #legacyServer(): boolean {
    return this.#route() === 'modern-client' && this.#era?.era.kind === 'legacy';
  }

  /** Where messages go for this pair of eras; undefined until the server's era is known. */
  #route(): Route | undefined {
    if (!this.#era) return undefined;
    if (this.clientEra === 'modern') return 'modern-client';
    return this.#era.era.kind === 'modern' ? 'legacy-client' : 'pass';
  }

  async #notify(n: JSONRPCNotification): Promise<void> {
    const route = this.#route();
    if (!route || !this.#era) return;
    if (n.method === 'notifications/cancelled') {
      // Ends the request here (a 2026-07-28 server's exchange, or a listen the bridge serves); a 2025 server hears it too.
      this.#cancel(n);
      if (this.#era.era.kind === 'modern') return;
    }
    // A 2025 client's other notifications (initialized, roots changed) have no 2026-07-28 counterpart.
    if (route === 'legacy-client') return;
    if (route === 'modern-client' && this.#era.era.kind === 'legacy') {
      if (!this.#legacy) return;
      await this.#legacy.catch(() => undefined);
      return this.#tell({ ...n, ...(n.params && { params: withoutEnvelope(n.params) }) });
    }
    return this.#tell(n);
  }

  /** MCP 2026-07-28 cancels by ending the request's HTTP exchange. */
  #cancel(n: JSONRPCNotification): void {
    const id = paramsOf(n).requestId;
    if (typeof id === 'string' || typeof id === 'number') this.#inFlight.get(id)?.abort('cancelled by the client');
  }

  /** Messages from the server that answer none of our requests. */
  async #fromServer(msg: JSONRPCMessage): Promise<void> {
    if (isResponse(msg)) return this.#o.log('dropped an answer from the server to a request nobody sent');
    if (!isRequest(msg)) {
      const out = this.#route() === 'legacy-client' ? this.listener.translate(msg) : this.#legacyServer() ? (this.legacyListens.fanOut(msg) ?? [msg]) : [msg];
      for (const n of out) await this.local.send(n);
      return;
    }
    const { related, msg: req } = relatedOf(msg);
    if (this.#route() === 'pass') return this.local.send(req);
    if (req.method === 'ping') return this.#tell(responseOf(req.id, { result: {} }));
    // A 2026-07-28 client takes no requests: one made during its call becomes that call's input round (SEP-2322).
    if (related !== undefined && this.held.offer(related, req)) return;
    return this.#refuseServerRequest(req);
  }

  /** A 2025 server's request that belongs to no call of a 2026-07-28 client (which takes no requests): answered with an error so the server does not wait. */
  async #refuseServerRequest(msg: JSONRPCRequest): Promise<void> {
    const message = `MCP Desk: the client speaks MCP 2026-07-28 and can answer ${msg.method.slice(0, 60)} from a 2025 server only during one of its calls`;
    await this.#tell(responseOf(msg.id, { error: { code: RpcCode.MethodNotFound, message } }));
  }

  async #tell(msg: JSONRPCMessage): Promise<void> {
    await this.remote.send(msg).catch((e: unknown) => this.#o.log(`could not pass a message to the server: ${isObject(e) && typeof e.message === 'string' ? e.message : String(e)}`));
  }
}

/** A failure that says the server does not speak 2025 any more: HTTP 400/404/405 to `initialize`, or -32022 (MCP 2026-07-28 UnsupportedProtocolVersion). */
function eraChanged(x: unknown): boolean {
  if (isDeskError(x, 'McpFailed')) return [400, 404, 405].includes(x.details.status ?? 0);
  if (x instanceof BridgeError) return x.code === RpcCode.UnsupportedVersion;
  return isObject(x) && isObject(x.error) && x.error.code === RpcCode.UnsupportedVersion;
}
