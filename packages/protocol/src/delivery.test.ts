import { describe, expect, it } from "bun:test";
import { conflationKey, DELIVERY_CLASSES, deliveryClass } from "./delivery.ts";
import { EVENT_TYPES } from "./topics.ts";

const candle = (symbol: string, interval: string) => ({ type: "candle", data: { symbol, interval } }) as const;
const metrics = (strategy_name: string) => ({ type: "metrics", data: { strategy_name } }) as const;

describe("deliveryClass", () => {
  it("makes trades, closures and alerts critical, metrics and candles conflatable, signals ordered", () => {
    expect(deliveryClass({ type: "trade" })).toBe("critical");
    expect(deliveryClass({ type: "trade_closed" })).toBe("critical");
    expect(deliveryClass({ type: "alert" })).toBe("critical");
    expect(deliveryClass({ type: "metrics" })).toBe("conflatable");
    expect(deliveryClass({ type: "candle" })).toBe("conflatable");
    expect(deliveryClass({ type: "signal" })).toBe("ordered");
  });

  it("has a class for every event type", () => {
    for (const t of EVENT_TYPES) expect(["critical", "conflatable", "ordered"]).toContain(DELIVERY_CLASSES[t]);
  });
});

describe("conflationKey", () => {
  it("keys metrics by strategy and candles by symbol and interval", () => {
    expect(conflationKey(metrics("RSI_Oversold"))).toBe("metrics:RSI_Oversold");
    expect(conflationKey(candle("BTC-USDT", "1m"))).toBe("candle:BTC-USDT:1m");
  });

  it("separates streams that must not replace each other", () => {
    expect(conflationKey(candle("BTC-USDT", "1m"))).not.toBe(conflationKey(candle("BTC-USDT", "5m")));
    expect(conflationKey(candle("BTC-USDT", "1m"))).not.toBe(conflationKey(candle("ETH-USDT", "1m")));
    expect(conflationKey(metrics("A"))).not.toBe(conflationKey(metrics("B")));
  });

  it("gives no key to events that must each be delivered", () => {
    for (const type of ["trade", "trade_closed", "alert", "signal"] as const)
      expect(conflationKey({ type })).toBeNull();
  });

  it("gives a key exactly to the conflatable types", () => {
    expect(conflationKey(metrics("A")) !== null).toBe(deliveryClass({ type: "metrics" }) === "conflatable");
    expect(conflationKey(candle("X", "1m")) !== null).toBe(deliveryClass({ type: "candle" }) === "conflatable");
  });
});
