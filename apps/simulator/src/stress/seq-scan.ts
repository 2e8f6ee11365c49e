/**
 * Reads an event's `seq` without JSON.parse. The hub encodes events with a fixed key order
 * (`{"type":…,"seq":N,…}`, protocol `encodeEvent`), so the first `"seq":` within the first
 * bytes is the top-level one; control messages only have `current_seq`/`from_seq` (never
 * `"seq":` with the quote), so "not found" means "a control message: parse it properly".
 */

const NEEDLE = '"seq":';
export const SEQ_NEEDLE_BYTES = Buffer.from(NEEDLE);
/** `{"type":"trade_closed",` is the longest prefix before the seq key; leave room for spaces. */
export const SEQ_WINDOW = 64;

/** The seq of the event in `buf[start, end)`, or -1 when there is none near the start. */
export function seqInBytes(buf: Buffer, start: number, end: number): number {
  const at = buf.indexOf(SEQ_NEEDLE_BYTES, start);
  if (at < 0 || at >= Math.min(end, start + SEQ_WINDOW)) return -1;
  let i = at + NEEDLE.length;
  while (i < end && buf[i] === 0x20) i++;
  const first = i;
  let n = 0;
  for (; i < end; i++) {
    const c = (buf[i] as number) - 0x30;
    if (c < 0 || c > 9) break;
    n = n * 10 + c;
  }
  return i > first ? n : -1;
}

/** The same over a string from `start` (an SSE `data:` line, say). */
export function seqInText(s: string, start = 0, end = s.length): number {
  const at = s.indexOf(NEEDLE, start);
  if (at < 0 || at >= Math.min(end, start + SEQ_WINDOW)) return -1;
  let i = at + NEEDLE.length;
  while (i < end && s.charCodeAt(i) === 0x20) i++;
  const first = i;
  let n = 0;
  for (; i < end; i++) {
    const c = s.charCodeAt(i) - 0x30;
    if (c < 0 || c > 9) break;
    n = n * 10 + c;
  }
  return i > first ? n : -1;
}
