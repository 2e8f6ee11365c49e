/**
 * The bench event and how receivers read it back cheaply. Every target gets the same publish
 * body (a `system.alert` as the hub's POST /api/v1/events takes it); the alert's `message` starts
 * with `b1:<k>:<sendMs>:` — k is the publisher's running event number, sendMs its Date.now() —
 * so a receiver finds both with one indexOf instead of a JSON.parse per delivery.
 */
import type { AlertDataInput } from "@tickerwire/protocol";
import { TOPICS } from "@tickerwire/protocol";

/** What the publisher POSTs for one event (the hub's publish shape). */
export interface BenchPublishItem {
  topic: string;
  data: AlertDataInput;
}

const NEEDLE = '"message":"b1:';

// Fixed parts of the hub's wire event around the message (type, seq, topic, timestamp, severity,
// kind): about 150 characters. Padding the message by the rest gives events of `wireBytes`.
const WIRE_OVERHEAD = 150;

/** The alert message carrying k and the send time, padded so the wire event is ~wireBytes long. */
export function benchMessage(k: number, sendMs: number, wireBytes: number): string {
  const head = `b1:${k}:${sendMs}:`;
  const pad = Math.max(1, wireBytes - WIRE_OVERHEAD - head.length);
  return head + "x".repeat(pad);
}

export function benchItem(k: number, sendMs: number, wireBytes: number): BenchPublishItem {
  return {
    topic: TOPICS.systemAlert,
    data: { message: benchMessage(k, sendMs, wireBytes), severity: "info", kind: "system" },
  };
}

// readDigits leaves its result here rather than returning a tuple: no allocation per delivery.
let digitsValue = 0;

/** Reads the decimal digits at `i` into `digitsValue`; returns the index after them. */
function readDigits(text: string, i: number): number {
  let v = 0;
  let j = i;
  for (;;) {
    const c = text.charCodeAt(j) - 48; // NaN past the end: the loop stops
    if (!(c >= 0 && c <= 9)) break;
    v = v * 10 + c;
    j++;
  }
  digitsValue = v;
  return j;
}

/**
 * Calls `onMarker(k, sendMs)` for every complete marker in `text` from `from` on and returns the
 * index just after the last complete one (or `from`): a stream reader keeps the rest, which may
 * hold a marker cut in two by a chunk boundary.
 */
export function scanMarkers(text: string, from: number, onMarker: (k: number, sendMs: number) => void): number {
  let end = from;
  let at = text.indexOf(NEEDLE, from);
  while (at !== -1) {
    const p = at + NEEDLE.length;
    const kEnd = readDigits(text, p);
    const k = digitsValue;
    if (kEnd >= text.length) break; // cut by the end of the text: the caller keeps the tail
    if (kEnd > p && text.charCodeAt(kEnd) === 58 /* : */) {
      const tEnd = readDigits(text, kEnd + 1);
      if (tEnd >= text.length) break;
      if (tEnd > kEnd + 1 && text.charCodeAt(tEnd) === 58) {
        onMarker(k, digitsValue);
        end = tEnd;
      }
    }
    at = text.indexOf(NEEDLE, Math.max(end, at + 1));
  }
  return end;
}

/** Longest tail a stream reader must keep to catch a marker split across chunks. */
export const MARKER_MAX = NEEDLE.length + 40;

/** The needle as bytes, for `Buffer#indexOf` over raw socket data. */
export const NEEDLE_BYTES = Buffer.from(NEEDLE, "latin1");

/**
 * Reads the marker whose needle starts at byte `at` and must end before `end`; calls
 * `onMarker(k, sendMs)` and returns true when it is complete and well formed.
 */
export function readMarkerBytes(
  buf: Uint8Array,
  at: number,
  end: number,
  onMarker: (k: number, sendMs: number) => void,
): boolean {
  let j = at + NEEDLE.length;
  let k = 0;
  const k0 = j;
  for (; j < end; j++) {
    const c = (buf[j] as number) - 48;
    if (c < 0 || c > 9) break;
    k = k * 10 + c;
  }
  if (j === k0 || j >= end || buf[j] !== 58) return false;
  const t0 = ++j;
  let t = 0;
  for (; j < end; j++) {
    const c = (buf[j] as number) - 48;
    if (c < 0 || c > 9) break;
    t = t * 10 + c;
  }
  if (j === t0 || j >= end || buf[j] !== 58) return false;
  onMarker(k, t);
  return true;
}
