import { describe, expect, it } from "bun:test";
import { encodeEvent, type HubEvent } from "@tickerwire/protocol";
import { benchItem, benchMessage, MARKER_MAX, scanMarkers } from "./marker.ts";
import { DeliveryRecorder } from "./recorder.ts";

function wire(k: number, sendMs: number, bytes = 200): string {
  const item = benchItem(k, sendMs, bytes);
  const event = {
    type: "alert",
    seq: k + 1,
    topic: item.topic,
    timestamp: new Date(sendMs).toISOString(),
    data: { message: item.data.message, severity: "info", kind: "system" },
  } satisfies HubEvent;
  return encodeEvent(event);
}

function collect(text: string, from = 0): { found: [number, number][]; end: number } {
  const found: [number, number][] = [];
  const end = scanMarkers(text, from, (k, t) => found.push([k, t]));
  return { found, end };
}

describe("bench event", () => {
  it("makes a hub wire event of about the requested size", () => {
    const len = wire(12_345, 1_768_818_645_123).length;
    expect(len).toBeGreaterThan(185);
    expect(len).toBeLessThan(215);
  });
  it("starts the message with k and the send time", () => {
    expect(benchMessage(7, 1000, 200).startsWith("b1:7:1000:x")).toBe(true);
  });
});

describe("scanMarkers", () => {
  it("finds k and send time in a wire event", () => {
    expect(collect(wire(42, 1_768_818_645_123)).found).toEqual([[42, 1_768_818_645_123]]);
  });
  it("finds every event of an SSE chunk in order", () => {
    const sse = [1, 2, 3].map((k) => `id: e:${k}\nevent: alert\ndata: ${wire(k, 5000 + k)}\n\n`).join("");
    expect(collect(sse).found).toEqual([
      [1, 5001],
      [2, 5002],
      [3, 5003],
    ]);
  });
  it("ignores messages that are not bench markers", () => {
    expect(collect('{"type":"error","code":"x","message":"b1:oops"}').found).toEqual([]);
    expect(collect('{"type":"connected","session_id":"s"}').found).toEqual([]);
  });
  it("never loses or double-counts a marker split across any chunk boundary", () => {
    const text = [10, 11].map((k) => `data: ${wire(k, 9_000_000 + k)}\n\n`).join("");
    for (let cut = 1; cut < text.length; cut++) {
      const found: number[] = [];
      const first = text.slice(0, cut);
      const end = scanMarkers(first, 0, (k) => found.push(k));
      const carry = first.slice(Math.max(end, first.length - MARKER_MAX));
      scanMarkers(carry + text.slice(cut), 0, (k) => found.push(k));
      expect(found).toEqual([10, 11]);
    }
  });
});

describe("DeliveryRecorder", () => {
  it("counts distinct deliveries per client in any order and flags repeats", () => {
    const r = new DeliveryRecorder(2, 100);
    r.onEvent(0, 9, 0, 1);
    r.onEvent(0, 0, 0, 1); // earlier k after a later one: reordered, not a repeat
    r.onEvent(0, 9, 0, 1); // repeat
    r.onEvent(1, 9, 0, 1); // the same k for another client is its own delivery
    r.onEvent(1, 99, 0, 1);
    const rep = r.report();
    expect(rep.unique).toBe(4);
    expect(rep.duplicates).toBe(1);
    expect(rep.beyondRange).toBe(0);
  });
  it("counts k beyond the bitset without checking it", () => {
    const r = new DeliveryRecorder(1, 8);
    r.onEvent(0, 8, 0, 1);
    r.onEvent(0, 8, 0, 1);
    expect(r.report()).toMatchObject({ unique: 2, duplicates: 0, beyondRange: 2 });
  });
  it("measures latency and rate only inside the window", () => {
    const r = new DeliveryRecorder(1, 10);
    r.setWindow(10_000, 12_000);
    r.onEvent(0, 0, 9_000, 9_999); // before: not measured
    r.onEvent(0, 1, 9_995, 10_000); // 5 ms
    r.onEvent(0, 2, 10_900, 11_000); // 100 ms, second 1
    r.onEvent(0, 3, 11_999, 12_000); // after the window: counted per second only
    const rep = r.report();
    expect(rep.windowDeliveries).toBe(2);
    expect(rep.windowMs).toBe(2000);
    expect(rep.latency).toMatchObject({ count: 2, min: 5, max: 100 });
    expect(rep.perSecond).toEqual([1, 1]);
    expect(rep.unique).toBe(4);
    expect(rep.firstReceiveMs).toBe(9_999);
  });
});
