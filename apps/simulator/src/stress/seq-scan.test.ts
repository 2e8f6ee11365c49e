import { describe, expect, it } from "bun:test";
import { encodeEvent, type HubEvent } from "@tickerwire/protocol";
import fc from "fast-check";
import { seqInBytes, seqInText } from "./seq-scan.ts";

const topic = fc.stringMatching(/^[a-z]{1,8}(\.[a-zA-Z*]{1,8}){0,3}$/);
const text = fc.string({ maxLength: 60 });
const alert = fc.record({
  type: fc.constant("alert" as const),
  seq: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  topic,
  timestamp: fc.constant("2026-01-19T10:30:45.123Z"),
  // Strings that try to fool the scanner: quotes, `"seq":`, unicode.
  data: fc.record({
    message: fc.oneof(text, fc.constant('"seq":42'), fc.constant('{"seq":7}')),
    severity: fc.constantFrom("info", "warning", "critical"),
    kind: fc.constant("system"),
  }),
});
const tradeClosed = fc.record({
  type: fc.constant("trade_closed" as const),
  seq: fc.integer({ min: 1, max: 2 ** 40 }),
  topic,
  timestamp: fc.constant("2026-01-19T10:30:45.123Z"),
  data: fc.dictionary(fc.constantFrom("seq", "x", "pnl"), fc.oneof(fc.integer(), text)),
});

describe("seq scanner", () => {
  it("reads the same seq as JSON.parse from any encoded event, as bytes and as text", () => {
    fc.assert(
      fc.property(fc.oneof(alert, tradeClosed), fc.string({ maxLength: 5 }), (e, junk) => {
        const json = encodeEvent(e as unknown as HubEvent);
        const seq = (JSON.parse(json) as { seq: number }).seq;
        expect(seqInText(json)).toBe(seq);
        const framed = `${junk}${json}${junk}`;
        const buf = Buffer.from(framed);
        const start = Buffer.byteLength(junk);
        expect(seqInBytes(buf, start, start + Buffer.byteLength(json))).toBe(seq);
        expect(seqInText(framed, junk.length, junk.length + json.length)).toBe(seq);
      }),
      { numRuns: 500 },
    );
  });

  it("finds no seq in control messages (their keys are current_seq, from_seq, to_seq)", () => {
    for (const m of [
      { type: "connected", session_id: "s", epoch: "e", current_seq: 12, topics: ["a"] },
      { type: "heartbeat", server_time: "t", current_seq: 9 },
      { type: "replayed", count: 1, truncated: false, from_seq: 1, to_seq: 2, epoch: "e" },
    ]) {
      const s = JSON.stringify(m);
      expect(seqInText(s)).toBe(-1);
      expect(seqInBytes(Buffer.from(s), 0, s.length)).toBe(-1);
    }
  });

  it("ignores a seq beyond the message's end or far from its start", () => {
    const s = '{"type":"pong"}{"type":"alert","seq":5}';
    expect(seqInText(s, 0, 15)).toBe(-1);
    expect(seqInText(`{"type":"x","data":"${"y".repeat(80)}","seq":3}`)).toBe(-1);
  });
});
