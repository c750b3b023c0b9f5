// GET /api/events: the service's events as Server-Sent Events (`event: <name>`, `data: <json>`), a `: ping` comment every 15 s.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { events, type EventName } from '../contract/api.ts';
import { SECURITY_HEADERS } from './security.ts';

export type EventListener = (name: string, payload: unknown) => void;
/** Subscribes to the service's events; returns the function that unsubscribes. */
export type Subscribe = (listener: EventListener) => () => void;

export const PING_MS = 15_000;
/** A client this far behind (not reading) is dropped rather than buffered without end. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

/** One frame per (event, payload) object, shared by every client: checked against the contract schema once. */
const frames = new WeakMap<object, string | null>();

/** The SSE frame for an event, or null when the name or payload is not the contract's (then nothing is sent). */
export function frameFor(name: string, payload: unknown): string | null {
  const cached = payload !== null && typeof payload === 'object' ? frames.get(payload) : undefined;
  if (cached !== undefined) return cached;
  const schema = Object.hasOwn(events, name) ? events[name as EventName] : undefined;
  const parsed = schema?.safeParse(payload);
  const frame = parsed?.success ? `event: ${name}\ndata: ${JSON.stringify(parsed.data)}\n\n` : null;
  if (payload !== null && typeof payload === 'object') frames.set(payload, frame);
  return frame;
}

export function openEventStream(req: IncomingMessage, res: ServerResponse, subscribe: Subscribe, pingMs = PING_MS): void {
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    'x-accel-buffering': 'no',
  });
  res.write(': connected\n\n');
  const write = (text: string) => {
    if (res.writableLength > MAX_BUFFERED_BYTES) return void res.destroy();
    res.write(text);
  };
  const unsubscribe = subscribe((name, payload) => {
    const frame = frameFor(name, payload);
    if (frame) write(frame);
  });
  const ping = setInterval(() => write(': ping\n\n'), pingMs);
  ping.unref();
  const stop = () => {
    clearInterval(ping);
    unsubscribe();
  };
  res.once('close', stop);
  req.once('close', stop);
}
