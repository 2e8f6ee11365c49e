import { describe, expect, it } from "bun:test";
import { BusConfigError } from "../options.ts";
import { redactUrl, redisKeys, resolveRedisBusOptions } from "./options.ts";

describe("resolveRedisBusOptions", () => {
  it("fills in defaults around the required url", () => {
    const o = resolveRedisBusOptions({ url: "redis://127.0.0.1:6379" });
    expect(o).toMatchObject({
      keyPrefix: "tickerwire",
      maxEvents: 1_000_000,
      maxAgeMs: 7 * 24 * 3600 * 1000,
      idempotencyTtlMs: 24 * 3600 * 1000,
      windowSize: 10_000,
      commandTimeoutMs: 5_000,
      syncIntervalMs: 1_000,
    });
    expect(o.instanceId).toMatch(/-\d+$/);
  });

  it("refuses a missing or non-redis url with a message naming the option, without echoing a password", () => {
    expect(() => resolveRedisBusOptions({} as { url: string })).toThrow(BusConfigError);
    expect(() => resolveRedisBusOptions({ url: "http://h:1" })).toThrow(/url must be a redis:\/\/ or rediss:\/\//);
    const err = (() => {
      try {
        resolveRedisBusOptions({ url: "redis://:hunter2@h:1 x" });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err?.message).not.toContain("hunter2");
  });

  it("refuses impossible numbers and prefixes", () => {
    expect(() => resolveRedisBusOptions({ url: "redis://h", maxEvents: 0 })).toThrow(/maxEvents/);
    expect(() => resolveRedisBusOptions({ url: "redis://h", keyPrefix: "has space" })).toThrow(/keyPrefix/);
    expect(() => resolveRedisBusOptions({ url: "redis://h", instanceId: "" })).toThrow(/instanceId/);
  });
});

describe("redactUrl", () => {
  it("drops the password and keeps everything else", () => {
    expect(redactUrl("redis://:s3cret@10.0.0.5:6380/2")).toBe("redis://10.0.0.5:6380/2");
    expect(redactUrl("rediss://app:s3cret@cache.example:6380")).toBe("rediss://app@cache.example:6380");
    expect(redactUrl("redis://127.0.0.1:6379")).toBe("redis://127.0.0.1:6379");
    expect(redactUrl("::")).toBe("<unparseable url>");
  });
});

describe("redisKeys", () => {
  it("puts every key and the channel under the prefix", () => {
    const k = redisKeys("hub");
    expect([k.seq, k.events, k.epoch, k.notify, k.idempotency("abc")]).toEqual([
      "hub:seq",
      "hub:events",
      "hub:epoch",
      "hub:notify",
      "hub:idem:abc",
    ]);
  });
});
