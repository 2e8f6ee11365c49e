/**
 * An incremental Server-Sent Events parser (the WHATWG "event stream interpretation": fields
 * `event`, `data`, `id`; `:` comments; a blank line dispatches; one leading space after the
 * colon is dropped; CRLF, LF and CR all end a line).
 * https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */

export interface SseMessage {
  event: string;
  data: string;
  id: string | null;
}

export class SseParser {
  private buffer = "";
  private data: string[] = [];
  private event = "";
  private id: string | null = null;

  /** Feeds a chunk of text; calls `emit` for every complete message in it. */
  push(chunk: string, emit: (m: SseMessage) => void): void {
    this.buffer += chunk;
    let start = 0;
    for (;;) {
      const lf = this.buffer.indexOf("\n", start);
      const cr = this.buffer.indexOf("\r", start);
      const end = lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
      // A CR at the very end may be the first half of a CRLF: wait for the next chunk.
      if (end < 0 || (end === cr && cr === this.buffer.length - 1)) break;
      this.line(this.buffer.slice(start, end), emit);
      start = end + (this.buffer[end] === "\r" && this.buffer[end + 1] === "\n" ? 2 : 1);
    }
    this.buffer = this.buffer.slice(start);
  }

  private line(line: string, emit: (m: SseMessage) => void): void {
    if (line === "") {
      if (this.data.length > 0) emit({ event: this.event || "message", data: this.data.join("\n"), id: this.id });
      this.data = [];
      this.event = "";
      return;
    }
    if (line.startsWith(":")) return;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") this.data.push(value);
    else if (field === "event") this.event = value;
    else if (field === "id" && !value.includes("\0")) this.id = value;
  }
}
