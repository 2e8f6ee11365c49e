import { describe, expect, it } from "bun:test";
import { signal, trade } from "../../test/fixtures.ts";
import { redisKeys } from "./options.ts";
import { chunkRequests } from "./publish-runner.ts";
import { epochMismatch, parseScriptReply, ScriptReplyError, scriptArgs } from "./publish-script.ts";

describe("scriptArgs", () => {
  it("passes keys (idempotency keys included) and JSON-encoded pieces per event", () => {
    const keys = redisKeys("p");
    const args = scriptArgs([{ events: [signal()] }, { events: [trade("t")], key: "k1", hash: "H" }], {
      keys,
      epoch: "E",
      floorSeq: 41,
      now: Date.parse("2026-01-19T10:30:45.123Z"),
      maxEvents: 100,
      idempotencyTtlMs: 60_000,
      notifyMaxBytes: 1_000,
    });
    expect(args.slice(0, 5)).toEqual([4, "p:seq", "p:events", "p:epoch", "p:idem:k1"]);
    expect(args.slice(5, 14)).toEqual([
      "E",
      41,
      '"2026-01-19T10:30:45.123Z"',
      1768818645123,
      100,
      60_000,
      "p:notify",
      1_000,
      2,
    ]);
    expect(args.slice(14, 20)).toEqual([
      "0",
      "",
      1,
      '"signal"',
      '"strategy.RSI_Oversold.signal"',
      JSON.stringify(signal().data),
    ]);
    expect(args.slice(20, 23)).toEqual(["1", "H", 1]);
  });
});

describe("parseScriptReply", () => {
  it("reads one outcome per request", () => {
    expect(parseScriptReply(["n", "1", "2", "5", "d", "7", "7", "3", "c", "0", "0", "0"], 3)).toEqual([
      { kind: "new", first: 1, last: 2, created: 5 },
      { kind: "duplicate", first: 7, last: 7, created: 3 },
      { kind: "conflict" },
    ]);
  });

  it("refuses a reply of the wrong shape", () => {
    expect(() => parseScriptReply(["n", "1", "2", "5"], 2)).toThrow(ScriptReplyError);
    expect(() => parseScriptReply(["x", "1", "2", "5"], 1)).toThrow(ScriptReplyError);
    expect(() => parseScriptReply("OK", 1)).toThrow(ScriptReplyError);
  });
});

describe("epochMismatch", () => {
  it("finds the stored epoch in the script's error, and nothing in other errors", () => {
    expect(epochMismatch(new Error("TW_EPOCH Abc123 script: ..."))).toBe("Abc123");
    expect(epochMismatch(new Error("Connection is closed."))).toBeUndefined();
  });
});

describe("chunkRequests", () => {
  it("keeps each request whole and chunks at most max events otherwise", () => {
    const r = (n: number) => ({ events: Array.from({ length: n }) });
    const sizes = (cs: { events: unknown[] }[][]) => cs.map((c) => c.map((x) => x.events.length));
    expect(sizes(chunkRequests([r(3), r(3), r(3), r(12), r(1)], 6))).toEqual([[3, 3], [3], [12], [1]]);
    expect(chunkRequests([], 5)).toEqual([]);
  });
});
