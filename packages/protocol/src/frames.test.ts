import { describe, expect, it } from "bun:test";
import { encodeEvent, type HubEvent } from "./events.ts";
import { decodeServerFrame, encodeEventsFrame } from "./frames.ts";

const ts = "2026-01-19T10:30:45.123Z";
const signal = (seq: number): HubEvent => ({
  type: "signal",
  seq,
  topic: "strategy.A.signal",
  timestamp: ts,
  data: { strategy_name: "A", action: "BUY", price: 1, confidence: 0.5 },
});

describe("events frames", () => {
  it("carry the events exactly as single messages would, in order", () => {
    const events = [signal(3), signal(4), signal(9)];
    const frame = encodeEventsFrame(events.map(encodeEvent));
    expect(JSON.parse(frame)).toEqual({ type: "events", events });
    expect(decodeServerFrame(frame)).toEqual(events.map((value) => ({ ok: true, value })));
  });

  it("decode a single message as a frame of one", () => {
    expect(decodeServerFrame(encodeEvent(signal(5)))).toEqual([{ ok: true, value: signal(5) }]);
    const control = decodeServerFrame('{"type":"pong","server_time":"2026-01-19T10:30:45.123Z"}');
    expect(control).toHaveLength(1);
    expect(control[0]?.ok).toBe(true);
  });

  it("reject one invalid event on its own and keep the others", () => {
    const bad = { ...signal(4), data: { strategy_name: "A", action: "BUY", price: 1, confidence: 7 } };
    const frame = JSON.stringify({ type: "events", events: [signal(3), bad, signal(5)] });
    expect(decodeServerFrame(frame).map((r) => r.ok)).toEqual([true, false, true]);
  });

  it("refuse control messages inside a frame, and frames that are not a non-empty array alone", () => {
    const pong = { type: "pong", server_time: ts };
    expect(decodeServerFrame(JSON.stringify({ type: "events", events: [pong] })).map((r) => r.ok)).toEqual([false]);
    for (const f of [
      { type: "events", events: [] },
      { type: "events", events: {} },
      { type: "events" },
      { type: "events", events: [signal(1)], extra: 1 },
    ]) {
      const r = decodeServerFrame(JSON.stringify(f));
      expect(r).toHaveLength(1);
      expect(r[0]?.ok).toBe(false);
    }
  });

  it("never throw on garbage", () => {
    for (const raw of ["", "{", "null", "[]", '{"type":"events","events":[null,1,"x"]}', new Uint8Array([0xff])]) {
      const r = decodeServerFrame(raw);
      expect(r.length).toBeGreaterThan(0);
      expect(r.every((x) => typeof x.ok === "boolean")).toBe(true);
    }
  });
});
