import { describe, expect, it } from "bun:test";
import { encodeEvent, type HubEvent } from "./events.ts";
import { ErrorBody, encodeHistoryPage, HistoryPage, PublishAccepted } from "./http.ts";

const event: HubEvent = {
  type: "signal",
  seq: 7,
  topic: "strategy.RSI_Oversold.signal",
  timestamp: "2026-01-19T10:30:45.123Z",
  data: { strategy_name: "RSI_Oversold", action: "BUY", price: 42350.5, confidence: 0.85 },
};
const meta = { truncated: false, has_more: true, next_since: 7, epoch: "k3f9", current_seq: 9 };

describe("encodeHistoryPage", () => {
  it("splices the stored event JSON into the page: the text JSON.stringify gives for the parsed page", () => {
    const text = encodeHistoryPage(meta, [encodeEvent(event), encodeEvent({ ...event, seq: 8 })]);
    const page = HistoryPage.parse(JSON.parse(text));
    expect(page.events.map((e) => e.seq)).toEqual([7, 8]);
    expect(text).toBe(JSON.stringify(page));
  });
  it("writes an empty page", () => {
    expect(HistoryPage.parse(JSON.parse(encodeHistoryPage(meta, []))).events).toEqual([]);
  });
});

describe("HTTP bodies", () => {
  it("an error body needs a known code and a message; detail is optional", () => {
    expect(ErrorBody.safeParse({ error: "rate_limited", message: "slow down", limit: "conn_rate" }).success).toBe(true);
    expect(ErrorBody.safeParse({ error: "payload_too_large", message: "big", limit: 1024 }).success).toBe(true);
    expect(ErrorBody.safeParse({ error: "nope", message: "x" }).success).toBe(false);
    expect(ErrorBody.safeParse({ error: "internal" }).success).toBe(false);
  });
  it("a publish answer has positive integer seqs", () => {
    expect(PublishAccepted.safeParse({ seqs: [1, 2], duplicate: false }).success).toBe(true);
    expect(PublishAccepted.safeParse({ seqs: [0], duplicate: false }).success).toBe(false);
    expect(PublishAccepted.safeParse({ seqs: [1] }).success).toBe(false);
  });
});
