import { describe, expect, it } from "bun:test";
import { filterWords } from "./filter-words.ts";

describe("filter words", () => {
  it("say what narrows the view, or that nothing does", () => {
    expect(filterWords(undefined)).toBe("All events");
    expect(filterWords({})).toBe("All events");
    expect(filterWords({ strategies: ["RSI_Oversold"] })).toBe("RSI_Oversold");
    expect(filterWords({ strategies: ["A", "B"], types: ["signal", "trade_closed"], min_confidence: 0.7 })).toBe(
      "2 strategies · Signals, Closures · confidence ≥ 70%",
    );
  });
});
