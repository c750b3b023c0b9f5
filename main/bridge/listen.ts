// SEP-2575 for a 2025 client before a 2026-07-28 server: the bridge holds one `subscriptions/listen` request for the lists the server says change and the resources the client subscribed to, and hands the server's change notifications on in the 2025 form (without the subscription id).
import { SUBSCRIPTION_ID_META_KEY } from '@modelcontextprotocol/client';
import type { JSONRPCNotification, RequestId, ServerCapabilities } from '@modelcontextprotocol/client';
import type { Remote } from './remote.ts';
import { isObject, outcomeOf, request, RpcCode, type Outcome, type Params } from './rpc.ts';

/** Waits before opening the stream again after it ended: doubling from the first, up to the last. */
const RETRY_FIRST_MS = 1_000;
const RETRY_MAX_MS = 30_000;

/** The notification filter of `subscriptions/listen` (MCP 2026-07-28 SubscriptionFilter). */
interface Lists {
  toolsListChanged?: true;
  promptsListChanged?: true;
  resourcesListChanged?: true;
}

/** Each list's 2025 change notification, sent to the client when the stream comes back (what changed meanwhile is not replayed). */
const CHANGED: Record<keyof Lists, string> = {
  toolsListChanged: 'notifications/tools/list_changed',
  promptsListChanged: 'notifications/prompts/list_changed',
  resourcesListChanged: 'notifications/resources/list_changed',
};

export interface ListenerDeps {
  remote: Remote;
  /** The envelope (`_meta` with the reserved keys) of the client's requests. */
  envelope(): Params;
  log(line: string): void;
}

export class Listener {
  readonly #d: ListenerDeps;
  #lists: Lists = {};
  readonly #uris = new Set<string>();
  #current?: { id: RequestId; ctl: AbortController };
  #resync = false;
  #failures = 0;
  #closed = false;
  #timer?: NodeJS.Timeout;

  constructor(d: ListenerDeps) {
    this.#d = d;
  }

  /** Listens for the lists whose `listChanged` the server declared (its `server/discover` capabilities). */
  start(caps: ServerCapabilities): void {
    this.#lists = {
      ...(caps.tools?.listChanged && { toolsListChanged: true }),
      ...(caps.prompts?.listChanged && { promptsListChanged: true }),
      ...(caps.resources?.listChanged && { resourcesListChanged: true }),
    };
    this.#open(false);
  }

  /** A 2025 client's `resources/subscribe` / `resources/unsubscribe`: the stream is opened again with the new set. */
  subscribe(uri: string, on: boolean): void {
    if (on === this.#uris.has(uri)) return;
    if (on) this.#uris.add(uri);
    else this.#uris.delete(uri);
    this.#open(false);
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#current?.ctl.abort('the bridge closed');
    this.#current = undefined;
  }

  /** A notification from the server, as the 2025 client gets it: none (the acknowledgement, a stale stream's), itself, or list changes after a reconnect. */
  translate(n: JSONRPCNotification): JSONRPCNotification[] {
    const meta = isObject(n.params?._meta) ? n.params._meta : undefined;
    if (!meta || !(SUBSCRIPTION_ID_META_KEY in meta)) return [n];
    if (meta[SUBSCRIPTION_ID_META_KEY] !== this.#current?.id) return [];
    if (n.method === 'notifications/subscriptions/acknowledged') return this.#acknowledged();
    const { [SUBSCRIPTION_ID_META_KEY]: _id, ...rest } = meta;
    const { _meta: _dropped, ...params } = n.params ?? {};
    return [{ ...n, params: Object.keys(rest).length ? { ...params, _meta: rest } : params }];
  }

  #acknowledged(): JSONRPCNotification[] {
    this.#failures = 0;
    if (!this.#resync) return [];
    this.#resync = false;
    return (Object.keys(this.#lists) as (keyof Lists)[]).map((k) => ({ jsonrpc: '2.0', method: CHANGED[k] }));
  }

  /** Opens the stream (closing the one before); nothing to listen for, nothing opened. */
  #open(resync: boolean): void {
    this.#current?.ctl.abort('replaced');
    this.#current = undefined;
    if (this.#closed || (Object.keys(this.#lists).length === 0 && this.#uris.size === 0)) return;
    const id = this.#d.remote.nextId();
    const ctl = new AbortController();
    this.#current = { id, ctl };
    this.#resync = resync;
    const notifications = { ...this.#lists, ...(this.#uris.size > 0 && { resourceSubscriptions: [...this.#uris] }) };
    this.#d.remote.request(request(id, 'subscriptions/listen', { ...this.#d.envelope(), notifications }), { signal: ctl.signal }).then(
      (r) => this.#ended(id, outcomeOf(r)),
      (e: unknown) => this.#ended(id, e),
    );
  }

  /** The stream ended: open it again later, unless it was replaced, the bridge closed, or the server does not offer it. */
  #ended(id: RequestId, why: Outcome | unknown): void {
    if (this.#closed || this.#current?.id !== id) return;
    const refusal = isObject(why) && isObject(why.error) ? why.error : undefined;
    if (refusal?.code === RpcCode.MethodNotFound) return this.#d.log('the server does not offer subscriptions/listen: list changes will not reach the client');
    this.#failures++;
    const wait = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** (this.#failures - 1));
    this.#d.log(`the server's change stream ended${refusal ? ` (${String(refusal.message).slice(0, 200)})` : ''}; listening again in ${wait / 1000} s`);
    this.#timer = setTimeout(() => this.#open(true), wait).unref();
  }
}
