// A Server-Sent Events parser (WHATWG HTML §9.2 event stream format) for fetch bodies: `event:` and `data:` lines, comments ignored.

export interface SseEvent {
  event: string;
  data: string;
}

/** Feeds text chunks; calls `onEvent` for each complete event. Handles CRLF, LF and lines split across chunks. */
export class SseParser {
  private buffer = '';
  private event = '';
  private data: string[] = [];
  private readonly onEvent: (e: SseEvent) => void;

  constructor(onEvent: (e: SseEvent) => void) {
    this.onEvent = onEvent;
  }

  push(chunk: string): void {
    this.buffer += chunk;
    // A CR at the very end may be the first half of a CRLF split across chunks: keep it for the next one.
    const held = this.buffer.endsWith('\r') ? 1 : 0;
    const lines = this.buffer.slice(0, this.buffer.length - held).split(/\r\n|\r|\n/);
    this.buffer = (lines.pop() ?? '') + (held ? '\r' : '');
    for (const line of lines) this.line(line);
  }

  private line(line: string): void {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
  }

  private dispatch(): void {
    if (this.data.length > 0) this.onEvent({ event: this.event || 'message', data: this.data.join('\n') });
    this.event = '';
    this.data = [];
  }
}
