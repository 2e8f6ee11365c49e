import { describe, expect, it } from "bun:test";
import { validatePublishItem } from "@tickerwire/protocol";
import { signalItem, signalTopic } from "./signal-topics.ts";

describe("resume storm events", () => {
  it("are valid signals the hub accepts, event k on strategy k mod T", () => {
    for (const k of [0, 1, 49, 50, 12_345]) {
      const item = signalItem(k, 50);
      expect(item.topic).toBe(signalTopic(k % 50));
      const v = validatePublishItem(item);
      expect(v.ok).toBe(true);
    }
  });
});
