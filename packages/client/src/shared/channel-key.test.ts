import { describe, expect, it } from "bun:test";
import { channelName, hashText } from "./channel-key.ts";

const URL = ["http://hub.test"];

describe("shared channel name", () => {
  it("is the same for the same connection, whatever the order of topics or filter values", () => {
    const a = channelName(URL, ["trade.>", "strategy.*.signal"], { strategies: ["B", "A"], min_confidence: 0.5 });
    const b = channelName(URL, ["strategy.*.signal", "trade.>", "trade.>"], {
      min_confidence: 0.5,
      strategies: ["A", "B"],
    });
    expect(a).toBe(b);
    expect(a).toMatch(/^tickerwire:v2:[0-9a-f]{16}$/);
  });

  it("differs when the hub, the topics or the filter differ", () => {
    const base = channelName(URL, [">"], undefined);
    expect(channelName(["http://other.test"], [">"], undefined)).not.toBe(base);
    expect(channelName(URL, ["trade.>"], undefined)).not.toBe(base);
    expect(channelName(URL, [">"], { min_confidence: 0.7 })).not.toBe(base);
    expect(channelName(URL, [">"], {})).toBe(base); // an empty filter is no filter
  });

  it("takes a custom prefix", () => {
    expect(channelName(URL, [">"], undefined, "desk-3")).toMatch(/^desk-3:v2:/);
  });

  it("hashes to 16 hex digits and spreads near-identical inputs", () => {
    const seen = new Set(Array.from({ length: 2000 }, (_, i) => hashText(`strategy.S${i}.signal`)));
    expect(seen.size).toBe(2000);
  });
});
