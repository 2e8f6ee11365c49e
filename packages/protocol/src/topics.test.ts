import { describe, expect, it } from "bun:test";
import { TOPICS, topicInfo } from "./topics.ts";

describe("topic table", () => {
  it("maps every topic of the original system to its event type", () => {
    expect(topicInfo(TOPICS.signal("RSI_Oversold"))).toEqual({ type: "signal", strategy: "RSI_Oversold" });
    expect(topicInfo(TOPICS.metrics("Volume_Spike"))).toEqual({ type: "metrics", strategy: "Volume_Spike" });
    expect(topicInfo("trade.executed")).toEqual({ type: "trade" });
    expect(topicInfo("trade.closed")).toEqual({ type: "trade_closed" });
    expect(topicInfo("strategy.promoted")).toEqual({ type: "alert", kind: "promoted" });
    expect(topicInfo("strategy.rollback")).toEqual({ type: "alert", kind: "rollback" });
    expect(topicInfo("system.alert")).toEqual({ type: "alert", kind: "system" });
    expect(topicInfo(TOPICS.candle("BTC-USDT", "1m"))).toEqual({ type: "candle", symbol: "BTC-USDT", interval: "1m" });
  });

  it("knows nothing else", () => {
    for (const t of ["", "trade", "trade.opened", "strategy.X.other", "market.BTC", "a.b.c.d", "strategy..signal", "x"])
      expect(topicInfo(t)).toBeNull();
  });
});
