/**
 * A strict `text/event-stream` parser following the WHATWG HTML spec ("Interpreting an event
 * stream"): how a non-browser client reads `/sse` (the hub's own tests and raw consumers use it;
 * `@tickerwire/protocol/sse-parser`). Unlike EventSource it also reports comments (heartbeats),
 * `retry:` and whether an event block carried its own `id:` line.
 * https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */

export type SseItem =
  | {
      kind: "event";
      /** The `event:` field, or "message" when absent. */
      event: string;
      data: string;
      /** The `id:` field of this block, if it had one (the spec's lastEventId persists; this does not). */
      id: string | undefined;
      /** The last event ID after this block (what EventSource would report). */
      lastEventId: string;
    }
  | { kind: "comment"; text: string }
  | { kind: "retry"; ms: number };

export class SseParser {
  private buffer = "";
  private sawBom = false;
  /** True when the previous chunk ended in CR: a following LF belongs to the same line break. */
  private pendingCr = false;
  private data: string[] = [];
  private eventType = "";
  private blockId: string | undefined;
  private lastEventId = "";

  /** Feeds decoded text; returns what the complete lines in it produced. */
  push(text: string): SseItem[] {
    let chunk = text;
    if (!this.sawBom && chunk.length > 0) {
      this.sawBom = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    if (this.pendingCr && chunk.startsWith("\n")) chunk = chunk.slice(1);
    this.pendingCr = false;
    this.buffer += chunk;
    const out: SseItem[] = [];
    for (;;) {
      const m = /\r\n|\r|\n/.exec(this.buffer);
      if (!m) break;
      // A CR at the very end may be the first half of a CRLF split across chunks.
      if (m[0] === "\r" && m.index === this.buffer.length - 1) this.pendingCr = true;
      const line = this.buffer.slice(0, m.index);
      this.buffer = this.buffer.slice(m.index + m[0].length);
      this.line(line, out);
    }
    return out;
  }

  private line(line: string, out: SseItem[]): void {
    if (line === "") {
      this.dispatch(out);
      return;
    }
    if (line.startsWith(":")) {
      out.push({ kind: "comment", text: line.slice(1).replace(/^ /, "") });
      return;
    }
    const colon = line.indexOf(":");
    const field = colon >= 0 ? line.slice(0, colon) : line;
    const value = colon >= 0 ? line.slice(colon + 1).replace(/^ /, "") : "";
    if (field === "event") this.eventType = value;
    else if (field === "data") this.data.push(value);
    else if (field === "id") {
      if (!value.includes("\0")) this.blockId = value;
    } else if (field === "retry") {
      if (/^\d+$/.test(value)) out.push({ kind: "retry", ms: Number(value) });
    }
    // Any other field is ignored, as the spec says.
  }

  private dispatch(out: SseItem[]): void {
    if (this.blockId !== undefined) this.lastEventId = this.blockId;
    const id = this.blockId;
    this.blockId = undefined;
    if (this.data.length === 0) {
      this.eventType = "";
      return;
    }
    out.push({
      kind: "event",
      event: this.eventType || "message",
      data: this.data.join("\n"),
      id,
      lastEventId: this.lastEventId,
    });
    this.data = [];
    this.eventType = "";
  }
}
