import { describe, expect, it } from "bun:test";
import { encodeEvent, type HubEvent } from "@tickerwire/protocol";
import { entriesToRows, notificationEvents, parseNotification, rowToEvent } from "./entries.ts";

const event = (seq: number): HubEvent => ({
  type: "trade",
  seq,
  topic: "trade.executed",
  timestamp: "2026-01-19T10:30:45.123Z",
  data: { trade_id: `t${seq}`, strategy_name: "RSI_Oversold", action: "BUY", entry_price: 1, quantity: 1 },
});

describe("parseNotification", () => {
  it("reads the range and one JSON per line", () => {
    const payload = `7 8\n${encodeEvent(event(7))}\n${encodeEvent(event(8))}`;
    const n = parseNotification(payload);
    expect(n).toMatchObject({ first: 7, last: 8 });
    expect(notificationEvents(n!)?.map((e) => [e.seq, e.json])).toEqual([
      [7, encodeEvent(event(7))],
      [8, encodeEvent(event(8))],
    ]);
  });

  it("treats a range without events (too big to carry) as a range only", () => {
    expect(parseNotification("5 900")).toEqual({ first: 5, last: 900, lines: null });
  });

  it("falls back to the range when the lines do not match it or do not decode", () => {
    expect(parseNotification(`1 3\n${encodeEvent(event(1))}`)).toEqual({ first: 1, last: 3, lines: null });
    const broken = parseNotification("1 1\n{not json");
    expect(broken?.lines).toHaveLength(1);
    expect(notificationEvents(broken!)).toBeNull();
  });

  it("rejects malformed heads", () => {
    for (const p of ["", "x y", "3 2", "0 1", "1", "1 2 3"]) expect(parseNotification(p)).toBeNull();
  });
});

describe("entriesToRows", () => {
  it("decodes XRANGE entries into rows and events, skipping entries this engine did not write", () => {
    const json = encodeEvent(event(12));
    const reply = [
      ["12-0", ["j", json, "t", '"trade.executed"', "ms", "1768818645123"]],
      ["13-0", ["something", "else"]],
      "garbage",
    ];
    const rows = entriesToRows(reply);
    expect(rows).toEqual([{ seq: 12, topic: "trade.executed", json, ms: 1768818645123 }]);
    expect(rowToEvent(rows[0]!)).toEqual({ ...event(12), json });
    expect(entriesToRows(null)).toEqual([]);
  });
});
