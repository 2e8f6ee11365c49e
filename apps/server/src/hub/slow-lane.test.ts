import { afterEach, beforeEach, describe, expect, it } from "bun:test";
import { type Bus, createLocalBus } from "@tickerwire/bus";
import type { PublishableEvent } from "@tickerwire/protocol";
import fc from "fast-check";
import { candle, metrics, signal, systemAlert, trade } from "../../test/events.ts";
import { FakeBroadcaster, FakeConnection } from "../../test/fake-connection.ts";
import { createHub, type Hub } from "./hub.ts";

let bus: Bus;
let broadcaster: FakeBroadcaster;
let hub: Hub;
const SOFT = 2_000;

beforeEach(() => {
  bus = createLocalBus({ path: ":memory:" });
  broadcaster = new FakeBroadcaster();
  hub = createHub({
    bus,
    broadcaster,
    sweepMs: 0, // the tests sweep by hand
    slowLane: { softLimit: SOFT, hardEvents: 20, hardBytes: 1 << 20, flushChunk: 4 },
  });
});
afterEach(async () => {
  hub.dispose();
  await bus.close();
});

const ws = () => new FakeConnection("ws", broadcaster);
const pub = (...events: PublishableEvent[]) => bus.publish(events);
const isConflatable = (type: string) => type === "metrics" || type === "candle";

/** Opens a live ws session and makes it slow (its socket holds more than the soft limit). */
function slowClient() {
  const c = ws();
  const s = hub.open(c, { patterns: [">"] });
  c.stuckBytes = SOFT + 1;
  hub.sweep();
  return { c, s };
}

describe("entering the slow lane", () => {
  it("moves a socket over the soft limit out of its group: others still get every event by group publish", async () => {
    const fast = ws();
    hub.open(fast, { patterns: [">"] });
    const { c } = slowClient();
    expect(hub.stats().slow.ws).toBe(1);
    expect(hub.counters.slowLaneEntries.ws).toBe(1);
    await pub(trade("a"), metrics("A", 1));
    expect(fast.seqs()).toEqual([1, 2]);
    expect(c.seqs()).toEqual([]); // queued, not written to the full socket
    expect(broadcaster.publishes).toBe(2); // still one publish per event for the group
  });

  it("leaves a socket under the soft limit in its group", () => {
    const c = ws();
    hub.open(c, { patterns: [">"] });
    c.stuckBytes = SOFT - 1;
    hub.sweep();
    expect(hub.stats().slow.ws).toBe(0);
  });

  it("conflates metrics and candles while slow, keeps every trade and signal, in seq order", async () => {
    const { c, s } = slowClient();
    await pub(metrics("A", 1), trade("t1"), candle("BTC-USDT", "1m", 100), metrics("A", 2), signal());
    await pub(candle("BTC-USDT", "1m", 101), metrics("B", 1), metrics("A", 3));
    c.stuckBytes = 0;
    hub.drained(s);
    // metrics A: 1,4,8 → 8; candle: 3,6 → 6; metrics B: 7.
    expect(c.seqs()).toEqual([2, 5, 6, 7, 8]);
    expect(hub.counters.conflated.ws).toBe(3);
    expect(hub.stats().slow.ws).toBe(0);
  });
});

describe("the rejoin boundary", () => {
  it("flushes the queue, then rejoins the group: the next live event arrives once, after the queue", async () => {
    const { c, s } = slowClient();
    await pub(trade("a"), trade("b"), trade("c"));
    c.stuckBytes = 0;
    hub.drained(s);
    expect(c.seqs()).toEqual([1, 2, 3]);
    await pub(trade("d"));
    expect(c.seqs()).toEqual([1, 2, 3, 4]);
    expect(hub.stats().slow.ws).toBe(0);
  });

  it("stays in the lane while the socket fills up again during the flush, and finishes on later drains", async () => {
    const { c, s } = slowClient();
    c.stuckBytes = 0;
    c.holdsWhatItIsSent = true;
    await pub(...Array.from({ length: 18 }, (_, i) => trade(`t${i}`))); // under the hard limit (20)
    hub.drained(s); // writes until the socket holds SOFT again
    const firstFlush = c.seqs().length;
    expect(firstFlush).toBeGreaterThan(0);
    expect(firstFlush).toBeLessThan(18);
    expect(hub.stats().slow.ws).toBe(1);
    await pub(trade("late"));
    c.holdsWhatItIsSent = false;
    c.stuckBytes = 0;
    hub.drained(s);
    expect(c.seqs()).toEqual(Array.from({ length: 19 }, (_, i) => i + 1));
    expect(hub.stats().slow.ws).toBe(0);
  });

  it("does not rejoin while the buffer is still above half the soft limit", async () => {
    const { c, s } = slowClient();
    await pub(trade("a"));
    c.stuckBytes = SOFT * 0.75;
    hub.drained(s);
    expect(c.seqs()).toEqual([1]); // flushed (below soft), but not back in the group yet
    expect(hub.stats().slow.ws).toBe(1);
    await pub(trade("b"));
    c.stuckBytes = 0;
    hub.sweep();
    expect(c.seqs()).toEqual([1, 2]);
    await pub(trade("c"));
    expect(c.seqs()).toEqual([1, 2, 3]);
  });

  it("a subscription change while slow takes effect in the lane and in the group it rejoins", async () => {
    const { c, s } = slowClient();
    await pub(trade("a"), signal());
    hub.handle(s, { type: "unsubscribe", topics: [">"] });
    hub.handle(s, { type: "subscribe", topics: ["trade.>"] });
    await pub(signal(), trade("b"));
    c.stuckBytes = 0;
    hub.drained(s);
    await pub(signal(), trade("c"));
    expect(c.seqs()).toEqual([1, 2, 4, 6]);
  });

  it("a resume while slow drops the queue and replays from the client's cursor, once", async () => {
    const { c, s } = slowClient();
    await pub(trade("a"), trade("b"), trade("c"));
    c.stuckBytes = 0;
    hub.handle(s, { type: "resume", last_seq: 1 });
    await hub.idle();
    await pub(trade("d"));
    expect(c.seqs()).toEqual([2, 3, 4]);
    expect(hub.stats().slow.ws).toBe(0);
  });

  it("under any interleaving of publishes, stalls, drains and sweeps: increasing seqs, every critical once, latest values", async () => {
    const kinds = [trade, () => systemAlert(), () => signal(), () => metrics("A"), () => metrics("B"), () => candle()];
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.record({ op: fc.constant("pub" as const), kinds: fc.array(fc.nat(kinds.length - 1), { maxLength: 5 }) }),
            fc.record({ op: fc.constantFrom("stall" as const, "read" as const, "drain" as const, "sweep" as const) }),
          ),
          { maxLength: 60 },
        ),
        async (steps) => {
          const b = createLocalBus({ path: ":memory:" });
          const bc = new FakeBroadcaster();
          const h = createHub({
            bus: b,
            broadcaster: bc,
            sweepMs: 0,
            slowLane: { softLimit: SOFT, hardEvents: 1_000, hardBytes: 1 << 30, flushChunk: 3 },
          });
          try {
            const c = new FakeConnection("ws", bc);
            const s = h.open(c, { patterns: [">"] });
            const published: { seq: number; type: string; topic: string }[] = [];
            for (const step of steps) {
              if (step.op === "pub") {
                if (step.kinds.length === 0) continue;
                const r = await b.publish(step.kinds.map((k) => kinds[k]!()));
                published.push(...r.events);
              } else if (step.op === "stall") {
                c.holdsWhatItIsSent = true;
                c.stuckBytes = SOFT + 1;
              } else if (step.op === "read") {
                c.holdsWhatItIsSent = false;
                c.stuckBytes = 0;
              } else if (step.op === "drain") h.drained(s);
              else h.sweep();
            }
            c.holdsWhatItIsSent = false;
            c.stuckBytes = 0;
            h.drained(s);
            h.sweep();
            const got = c.seqs();
            for (let i = 1; i < got.length; i++) expect(got[i]!).toBeGreaterThan(got[i - 1]!);
            const must = published.filter((e) => !isConflatable(e.type)).map((e) => e.seq);
            expect(got.filter((q) => must.includes(q))).toEqual(must);
            const latest = new Map<string, number>();
            for (const e of published) if (isConflatable(e.type)) latest.set(e.topic, e.seq);
            for (const q of latest.values()) expect(got).toContain(q);
            expect(h.stats().slow.ws).toBe(0);
          } finally {
            h.dispose();
            await b.close();
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("the hard limit", () => {
  it("tells a client whose critical backlog passes the hard limit that it lagged, closes it with 4009, and counts it", async () => {
    const fast = ws();
    hub.open(fast, { patterns: [">"] });
    const { c } = slowClient();
    await pub(...Array.from({ length: 21 }, (_, i) => trade(`t${i}`)));
    expect(c.control("error").map((e) => e.code)).toEqual(["lagged"]);
    expect(c.closedWith?.code).toBe(4009);
    expect(hub.counters.laggedDisconnects.ws).toBe(1);
    expect(hub.counters.slowDisconnects.ws).toBe(1);
    expect(hub.stats().clients.ws).toBe(1);
    expect(hub.stats().slow.ws).toBe(0);
    expect(fast.seqs()).toHaveLength(21); // the other client is unaffected
  });

  it("never lags a client for conflatable events alone", async () => {
    const { c, s } = slowClient();
    for (let i = 0; i < 10; i++) await pub(...Array.from({ length: 20 }, (_, j) => metrics(`S${j % 4}`, i)));
    expect(c.closedWith).toBeNull();
    c.stuckBytes = 0;
    hub.drained(s);
    expect(c.seqs()).toHaveLength(4);
  });
});
