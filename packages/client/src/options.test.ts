import { describe, expect, it } from "bun:test";
import { ClientError } from "./errors.ts";
import { resolveOptions } from "./options.ts";

describe("options", () => {
  it("fills the documented defaults", () => {
    const { options, problems } = resolveOptions({ url: "http://h" });
    expect(problems).toEqual([]);
    expect(options).toMatchObject({
      urls: ["http://h"],
      topics: [">"],
      transports: ["ws", "sse"],
      resume: null,
      backoff: { minMs: 500, maxMs: 30_000, factor: 2, resetAfterMs: 10_000 },
      openTimeoutMs: 5000,
      deadAfterMs: 45_000,
      pingIntervalMs: 10_000,
      preferredRetryMs: 60_000,
    });
  });

  it("throws only for what the client cannot run without", () => {
    expect(() => resolveOptions({ url: [] })).toThrow(ClientError);
    expect(() => resolveOptions({ url: "not a url" })).toThrow(/not a URL/);
    expect(() => resolveOptions({ url: "http://h", transports: [] })).toThrow(/transports/);
  });

  it("drops invalid patterns, filters and cursors, and reports them", () => {
    const { options, problems } = resolveOptions({
      url: "http://h",
      topics: ["trade.>", "bad..pattern", "a.>.b"],
      filter: { min_confidence: 3 },
      resume: { epoch: "no spaces allowed", seq: 4 },
    });
    expect(options.topics).toEqual(["trade.>"]);
    expect(options.filter).toBeUndefined();
    expect(options.resume).toBeNull();
    expect(problems.map((p) => p.code)).toEqual(["invalid_argument", "invalid_argument", "invalid_argument"]);
  });

  it("keeps a valid resume cursor, with or without epoch", () => {
    expect(resolveOptions({ url: "http://h", resume: { seq: 0 } }).options.resume).toEqual({ epoch: null, seq: 0 });
    expect(resolveOptions({ url: "http://h", resume: { epoch: "k3f9", seq: 12 } }).options.resume).toEqual({
      epoch: "k3f9",
      seq: 12,
    });
  });
});
