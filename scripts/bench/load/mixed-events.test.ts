import { describe, expect, it } from "bun:test";
import { decodeServerMessage, validatePublishItem } from "@tickerwire/protocol";
import { mixedItem, mixedPublish, mixedWire } from "./mixed-events.ts";

describe("mixed events", () => {
  it("are valid publishes the hub accepts, and wire events the SDK accepts", () => {
    for (let k = 0; k < 400; k++) {
      const v = validatePublishItem(mixedPublish(k));
      expect({ k, ok: v.ok }).toEqual({ k, ok: true });
      const d = decodeServerMessage(mixedWire(k, k + 1, "2026-01-19T10:00:00.000Z"));
      expect({ k, ok: d.ok }).toEqual({ k, ok: true });
    }
  });

  it("deliver the data as published (the hub would add nothing)", () => {
    for (let k = 0; k < 40; k++) {
      const v = validatePublishItem(mixedPublish(k));
      if (!v.ok) throw new Error("invalid");
      expect(v.value.data).toEqual(mixedItem(k).data as never);
    }
  });

  it("mix every type", () => {
    const types = new Set(Array.from({ length: 20 }, (_, k) => mixedItem(k).type));
    expect([...types].sort()).toEqual(["alert", "candle", "metrics", "signal", "trade", "trade_closed"]);
  });
});
