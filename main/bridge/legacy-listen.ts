// SEP-2575 for a 2026-07-28 client before a 2025 server: the bridge answers `subscriptions/listen` itself — acknowledged with what the server's capabilities allow, its resource URIs subscribed at the server (`resources/subscribe`), the server's change notifications handed on tagged with the listen's id — until the client cancels it.
import { SUBSCRIPTION_ID_META_KEY } from '@modelcontextprotocol/client';
import type { JSONRPCNotification, RequestId, ServerCapabilities } from '@modelcontextprotocol/client';
import type { Remote } from './remote.ts';
import { isObject, outcomeOf, request, type Outcome, type Params } from './rpc.ts';

/** What one listen asked for and was granted (MCP 2026-07-28 SubscriptionFilter). */
interface Filter {
  toolsListChanged?: true;
  promptsListChanged?: true;
  resourcesListChanged?: true;
  resourceSubscriptions?: string[];
}

export interface LegacyListensDeps {
  remote: Remote;
  /** Sends a notification to the client. */
  send(n: JSONRPCNotification): Promise<void>;
  log(line: string): void;
}

export class LegacyListens {
  readonly #d: LegacyListensDeps;
  readonly #open = new Map<RequestId, Filter>();

  constructor(d: LegacyListensDeps) {
    this.#d = d;
  }

  /** Serves one `subscriptions/listen` until `signal` aborts (the client cancelled it); the empty result then goes nowhere. */
  async listen(id: RequestId, params: Params, caps: ServerCapabilities, signal: AbortSignal): Promise<Outcome> {
    const granted = grant(isObject(params.notifications) ? params.notifications : {}, caps);
    for (const uri of granted.resourceSubscriptions ?? []) await this.#resource('resources/subscribe', uri);
    this.#open.set(id, granted);
    await this.#d.send({ jsonrpc: '2.0', method: 'notifications/subscriptions/acknowledged', params: { notifications: granted, _meta: { [SUBSCRIPTION_ID_META_KEY]: id } } });
    await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
    this.#open.delete(id);
    for (const uri of granted.resourceSubscriptions ?? []) if (!this.#wanted(uri)) await this.#resource('resources/unsubscribe', uri);
    return { result: { _meta: { [SUBSCRIPTION_ID_META_KEY]: id } } };
  }

  /** A 2025 server's change notification as each open listen that asked for it gets it (tagged with its id); undefined for any other notification. */
  fanOut(n: JSONRPCNotification): JSONRPCNotification[] | undefined {
    const wants = wanted(n);
    if (!wants) return undefined;
    return [...this.#open].filter(([, f]) => wants(f)).map(([id]) => ({ ...n, params: { ...n.params, _meta: { ...(isObject(n.params?._meta) ? n.params._meta : {}), [SUBSCRIPTION_ID_META_KEY]: id } } }));
  }

  #wanted(uri: string): boolean {
    return [...this.#open.values()].some((f) => f.resourceSubscriptions?.includes(uri));
  }

  /** Best effort: a refusal is logged, and the listen goes on without that resource's updates. */
  async #resource(method: 'resources/subscribe' | 'resources/unsubscribe', uri: string): Promise<void> {
    try {
      const out = outcomeOf(await this.#d.remote.request(request(this.#d.remote.nextId(), method, { uri })));
      if ('error' in out) this.#d.log(`${method} ${uri.slice(0, 200)} refused by the server: ${out.error.message.slice(0, 200)}`);
    } catch (e) {
      this.#d.log(`${method} ${uri.slice(0, 200)} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

/** The part of `asked` the server's capabilities can serve (a 2025 server sends what it declared). */
function grant(asked: Record<string, unknown>, caps: ServerCapabilities): Filter {
  const uris = Array.isArray(asked.resourceSubscriptions) ? asked.resourceSubscriptions.filter((u): u is string => typeof u === 'string') : [];
  return {
    ...(asked.toolsListChanged === true && caps.tools?.listChanged && { toolsListChanged: true }),
    ...(asked.promptsListChanged === true && caps.prompts?.listChanged && { promptsListChanged: true }),
    ...(asked.resourcesListChanged === true && caps.resources?.listChanged && { resourcesListChanged: true }),
    ...(uris.length > 0 && caps.resources?.subscribe && { resourceSubscriptions: [...new Set(uris)] }),
  };
}

/** Which listens a change notification belongs to; undefined when it is not one. */
function wanted(n: JSONRPCNotification): ((f: Filter) => boolean) | undefined {
  switch (n.method) {
    case 'notifications/tools/list_changed':
      return (f) => f.toolsListChanged === true;
    case 'notifications/prompts/list_changed':
      return (f) => f.promptsListChanged === true;
    case 'notifications/resources/list_changed':
      return (f) => f.resourcesListChanged === true;
    case 'notifications/resources/updated': {
      const uri = n.params?.uri;
      return (f) => typeof uri === 'string' && (f.resourceSubscriptions?.includes(uri) ?? false);
    }
    default:
      return undefined;
  }
}
