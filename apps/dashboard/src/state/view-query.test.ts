import { describe, expect, it } from "bun:test";
import { normalizeFilter, readViewQuery, writeViewQuery } from "./view-query.ts";

describe("view ↔ URL", () => {
  it("reads the filter and the forced transport from the query", () => {
    const v = readViewQuery("?strategies=A,B&types=signal,trade&min_confidence=0.7&transport=sse");
    expect(v.filter).toEqual({ strategies: ["A", "B"], types: ["signal", "trade"], min_confidence: 0.7 });
    expect(v.transports).toEqual(["sse"]);
  });

  it("round-trips the brief's example URL exactly", () => {
    const url = "?strategies=A,B&types=signal,trade&min_confidence=0.7";
    expect(writeViewQuery("", readViewQuery(url).filter)).toBe(url);
  });

  it("round-trips any filter through the URL", () => {
    const filters = [
      undefined,
      { strategies: ["RSI_Oversold"] },
      { types: ["alert" as const, "candle" as const] },
      { min_confidence: 0.35 },
      { strategies: ["Volume_Spike", "MACD_Divergence"], types: ["signal" as const], min_confidence: 1 },
    ];
    for (const f of filters) expect(readViewQuery(writeViewQuery("", f)).filter).toEqual(f);
  });

  it("keeps unrelated parameters and replaces the old filter", () => {
    const q = writeViewQuery("?transport=sse&strategies=X&types=metrics", { strategies: ["Y"] });
    expect(q).toBe("?transport=sse&strategies=Y");
    expect(writeViewQuery("?transport=sse&strategies=X", undefined)).toBe("?transport=sse");
    expect(writeViewQuery("?strategies=X", undefined)).toBe("");
  });

  it("lets the SDK choose when no transport is forced", () => {
    expect(readViewQuery("").transports).toBeUndefined();
    expect(readViewQuery("?transport=ws").transports).toEqual(["ws"]);
    expect(readViewQuery("").replayAll).toBe(false);
    expect(readViewQuery("?replay=all").replayAll).toBe(true);
    expect(readViewQuery("?transport=carrier-pigeon").transports).toBeUndefined();
  });

  it("ignores an invalid filter and says why", () => {
    const v = readViewQuery("?types=gossip");
    expect(v.filter).toBeUndefined();
    expect(v.filterError).toContain("types");
  });

  it("treats empty lists and a zero threshold as no filter", () => {
    expect(normalizeFilter({ strategies: [], min_confidence: 0 })).toBeUndefined();
    expect(normalizeFilter({ types: [], min_confidence: 0.5 })).toEqual({ min_confidence: 0.5 });
  });
});
