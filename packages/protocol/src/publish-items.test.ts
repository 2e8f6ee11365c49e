import { describe, expect, it } from "bun:test";
import { EXAMPLE_PUBLISHES } from "./api-examples.ts";
import { validatePublishItem } from "./publish.ts";
import { PublishBody, PublishItem } from "./publish-items.ts";

const [signal, trade, closed, metrics, promoted, candle] = EXAMPLE_PUBLISHES;

/** Items the hub's validation and PublishItem judge alike. */
const SAME: [string, unknown][] = [
  ...EXAMPLE_PUBLISHES.map((p) => [`example ${p.topic}`, p] as [string, unknown]),
  ["unknown topic", { topic: "foo.bar", data: signal.data }],
  ["topic with an empty segment", { topic: "strategy..signal", data: signal.data }],
  ["a trade's data on a signal topic", { topic: signal.topic, data: trade.data }],
  ["missing data", { topic: trade.topic }],
  ["extra envelope field", { ...closed, seq: 1 }],
  ["metrics with a fractional trade count", { ...metrics, data: { ...metrics.data, total_trades: 1.5 } }],
  ["an alert with an unknown severity", { ...promoted, data: { ...promoted.data, severity: "loud" } }],
  ["a candle with a bad start", { ...candle, data: { ...candle.data, start: "noon" } }],
  ["a four-segment market topic", { topic: "market.BTC.USDT.1m", data: candle.data }],
];

describe("PublishItem (the JSON-Schema-able publish item)", () => {
  it.each(SAME)("agrees with the hub's validation: %s", (_name, item) => {
    expect(PublishItem.safeParse(item).success).toBe(validatePublishItem(item).ok);
  });

  it("leaves the name agreement of topic and data to the hub", () => {
    const other = { topic: "strategy.MACD_Divergence.signal", data: signal.data };
    expect(PublishItem.safeParse(other).success).toBe(true);
    expect(validatePublishItem(other).ok).toBe(false);
    const kind = { topic: "strategy.promoted", data: { ...promoted.data, kind: "rollback" } };
    expect(PublishItem.safeParse(kind).success).toBe(true);
    expect(validatePublishItem(kind).ok).toBe(false);
  });

  it("a body is one item or a batch of 1 to 1000", () => {
    expect(PublishBody.safeParse(signal).success).toBe(true);
    expect(PublishBody.safeParse(EXAMPLE_PUBLISHES).success).toBe(true);
    expect(PublishBody.safeParse([]).success).toBe(false);
    expect(PublishBody.safeParse(Array.from({ length: 1001 }, () => signal)).success).toBe(false);
  });
});
