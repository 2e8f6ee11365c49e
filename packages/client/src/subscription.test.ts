import { describe, expect, it } from "bun:test";
import { subscriptionMessages } from "./subscription.ts";

describe("subscription sync", () => {
  it("sends nothing when the hub already has our subscription", () => {
    const s = { topics: ["trade.>"], filter: { types: ["trade" as const] } };
    expect(subscriptionMessages(s, { ...s, filter: { types: ["trade"] } })).toEqual([]);
  });

  it("subscribes the added patterns with our filter, unsubscribes the removed ones", () => {
    expect(
      subscriptionMessages(
        { topics: ["system.alert", "trade.>"], filter: undefined },
        { topics: ["trade.>", "market.>"], filter: { min_confidence: 0.5 } },
      ),
    ).toEqual([
      { type: "subscribe", topics: ["market.>"], filter: { min_confidence: 0.5 } },
      { type: "unsubscribe", topics: ["system.alert"] },
    ]);
  });

  it("a filter change alone re-subscribes every pattern; clearing it sends {}", () => {
    expect(
      subscriptionMessages({ topics: ["a.>"], filter: { strategies: ["X"] } }, { topics: ["a.>"], filter: undefined }),
    ).toEqual([{ type: "subscribe", topics: ["a.>"], filter: {} }]);
  });

  it("cannot send a filter with no patterns left, and does not try", () => {
    expect(
      subscriptionMessages({ topics: ["a.>"], filter: undefined }, { topics: [], filter: { types: ["signal"] } }),
    ).toEqual([{ type: "unsubscribe", topics: ["a.>"] }]);
  });
});
