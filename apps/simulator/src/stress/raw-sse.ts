/**
 * A raw Server-Sent Events connection for the stress tool: a fetch stream read line by line in
 * its bytes (no text decoding of events), with only `data:` lines looked at — the hub sends each
 * message as one `data:` line (JSON never holds a raw newline); `id:`, `event:`, `retry:` and `:`
 * comments are skipped. Events' seqs are scanned (seq-scan.ts); control messages are decoded.
 */
import type { RawLink, RawSink } from "./raw-link.ts";
import { seqInBytes } from "./seq-scan.ts";

const LF = 0x0a;
const CR = 0x0d;
const DATA = Buffer.from("data:");

/** Walks the complete lines of `buf`; returns where the incomplete last line starts. */
export function sseDataLines(buf: Buffer, at: number, sink: Pick<RawSink, "seq" | "control">): number {
  let start = 0;
  for (let nl = buf.indexOf(LF, start); nl >= 0; nl = buf.indexOf(LF, start)) {
    if (nl - start >= 5 && buf.compare(DATA, 0, 5, start, start + 5) === 0) {
      const from = buf[start + 5] === 0x20 ? start + 6 : start + 5;
      const end = buf[nl - 1] === CR ? nl - 1 : nl;
      const seq = seqInBytes(buf, from, end);
      if (seq >= 0) sink.seq(seq, at);
      else sink.control(buf.toString("utf8", from, end));
    }
    start = nl + 1;
  }
  return start;
}

export function openRawSse(url: string, sink: RawSink): RawLink {
  const ac = new AbortController();
  void (async () => {
    try {
      const res = await fetch(url, { headers: { accept: "text/event-stream" }, signal: ac.signal });
      if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
      let carry: Buffer | null = null;
      for await (const chunk of res.body) {
        const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
        const buf: Buffer = carry ? Buffer.concat([carry, bytes]) : bytes;
        const rest = sseDataLines(buf, Date.now(), sink);
        carry = rest < buf.length ? Buffer.from(buf.subarray(rest)) : null;
      }
    } catch {
      // aborted, refused or cut: the consumer decides what next
    }
    sink.closed();
  })();
  return { close: () => ac.abort() };
}
