import { describe, expect, it } from "bun:test";
import fc from "fast-check";
import { candle, metrics, signal, stored, systemAlert, trade } from "../../test/events.ts";
import { SlowQueue } from "./slow-queue.ts";

const roomy = () => new SlowQueue({ hardEvents: 1_000_000, hardBytes: 1 << 30 });
const drain = (q: SlowQueue) => q.take(Number.MAX_SAFE_INTEGER);

describe("slow queue: conflation", () => {
  it("keeps only the newest metrics of a strategy, moved to the end so the queue stays in seq order", () => {
    const q = roomy();
    expect(q.offer(stored(1, metrics("A", 1)))).toBe("queued");
    q.offer(stored(2, trade("t1")));
    q.offer(stored(3, metrics("B", 1)));
    expect(q.offer(stored(4, metrics("A", 2)))).toBe("conflated");
    const out = drain(q);
    expect(out.map((e) => e.seq)).toEqual([2, 3, 4]);
    expect(q.conflated).toBe(1);
    expect(q.isEmpty).toBe(true);
  });

  it("conflates candles per symbol and interval, not across them", () => {
    const q = roomy();
    q.offer(stored(1, candle("BTC-USDT", "1m", 100)));
    q.offer(stored(2, candle("BTC-USDT", "5m", 100)));
    q.offer(stored(3, candle("ETH-USDT", "1m", 100)));
    q.offer(stored(4, candle("BTC-USDT", "1m", 101)));
    expect(drain(q).map((e) => e.seq)).toEqual([2, 3, 4]);
  });

  it("never removes critical or ordered events", () => {
    const q = roomy();
    q.offer(stored(1, trade("t1")));
    q.offer(stored(2, trade("t1")));
    q.offer(stored(3, systemAlert("x")));
    q.offer(stored(4, systemAlert("x")));
    q.offer(stored(5, signal()));
    q.offer(stored(6, signal()));
    expect(drain(q).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(q.conflated).toBe(0);
  });

  it("takes in chunks, and a stream's newer value still replaces one not yet taken", () => {
    const q = roomy();
    for (let seq = 1; seq <= 4; seq++) q.offer(stored(seq, trade(`t${seq}`)));
    q.offer(stored(5, metrics("A", 1)));
    expect(q.take(3).map((e) => e.seq)).toEqual([1, 2, 3]);
    q.offer(stored(6, metrics("A", 2)));
    expect(drain(q).map((e) => e.seq)).toEqual([4, 6]);
  });

  it("does not let a taken event be 'replaced' (the newer value is simply queued)", () => {
    const q = roomy();
    q.offer(stored(1, metrics("A", 1)));
    expect(q.take(1).map((e) => e.seq)).toEqual([1]);
    expect(q.offer(stored(2, metrics("A", 2)))).toBe("queued");
    expect(drain(q).map((e) => e.seq)).toEqual([2]);
  });
});

describe("slow queue: hard limit", () => {
  it("reports lagged once the critical + ordered backlog passes the event limit", () => {
    const q = new SlowQueue({ hardEvents: 3, hardBytes: 1 << 30 });
    expect(q.offer(stored(1, trade("a")))).toBe("queued");
    expect(q.offer(stored(2, signal()))).toBe("queued");
    expect(q.offer(stored(3, systemAlert()))).toBe("queued");
    expect(q.offer(stored(4, trade("b")))).toBe("lagged");
  });

  it("reports lagged once the backlog passes the byte limit", () => {
    const one = stored(1, trade("a")).json.length;
    const q = new SlowQueue({ hardEvents: 1_000, hardBytes: one * 2 });
    expect(q.offer(stored(1, trade("a")))).toBe("queued");
    expect(q.offer(stored(2, trade("b")))).toBe("queued");
    expect(q.offer(stored(3, trade("c")))).toBe("lagged");
  });

  it("does not count conflatable events against the hard limit: latest-value streams cannot lag a client", () => {
    const q = new SlowQueue({ hardEvents: 2, hardBytes: 1 << 30 });
    for (let i = 1; i <= 500; i++) expect(q.offer(stored(i, metrics(`S${i % 5}`, i)))).not.toBe("lagged");
    expect(q.size).toBe(5);
    expect(q.backlogEvents).toBe(0);
  });

  it("frees backlog as events are taken", () => {
    const q = new SlowQueue({ hardEvents: 2, hardBytes: 1 << 30 });
    q.offer(stored(1, trade("a")));
    q.offer(stored(2, trade("b")));
    q.take(2);
    expect(q.backlogEvents).toBe(0);
    expect(q.backlogBytes).toBe(0);
    expect(q.offer(stored(3, trade("c")))).toBe("queued");
  });
});

describe("slow queue: properties", () => {
  const kinds = ["trade", "alert", "signal", "metricsA", "metricsB", "candleX", "candleY"] as const;
  const make = (k: (typeof kinds)[number]) =>
    k === "trade"
      ? trade()
      : k === "alert"
        ? systemAlert()
        : k === "signal"
          ? signal()
          : k === "metricsA"
            ? metrics("A")
            : k === "metricsB"
              ? metrics("B")
              : k === "candleX"
                ? candle("X-USDT")
                : candle("Y-USDT");

  it("whatever the mix and chunking: output is increasing, every critical/ordered event once, each stream's latest value last", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ kind: fc.constantFrom(...kinds), takeAfter: fc.integer({ min: 0, max: 4 }) }), {
          maxLength: 300,
        }),
        (steps) => {
          const q = roomy();
          const out: number[] = [];
          const offered = steps.map((s, i) => stored(i + 1, make(s.kind)));
          steps.forEach((s, i) => {
            q.offer(offered[i]!);
            out.push(...q.take(s.takeAfter).map((e) => e.seq));
          });
          out.push(...drain(q).map((e) => e.seq));
          for (let i = 1; i < out.length; i++) expect(out[i]!).toBeGreaterThan(out[i - 1]!);
          const must = offered.filter((e) => e.type !== "metrics" && e.type !== "candle").map((e) => e.seq);
          expect(out.filter((s) => must.includes(s))).toEqual(must);
          const latest = new Map<string, number>();
          for (const e of offered) if (e.type === "metrics" || e.type === "candle") latest.set(e.topic, e.seq);
          for (const seq of latest.values()) expect(out).toContain(seq);
          expect(q.isEmpty).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("stays correct across compaction of a long-lived queue", () => {
    const q = roomy();
    const out: number[] = [];
    let seq = 0;
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 100; i++) q.offer(stored(++seq, i % 2 ? trade() : metrics(`S${i % 3}`)));
      out.push(...q.take(90).map((e) => e.seq));
    }
    out.push(...drain(q).map((e) => e.seq));
    for (let i = 1; i < out.length; i++) expect(out[i]!).toBeGreaterThan(out[i - 1]!);
    expect(out.filter((s) => s % 2 === 0)).toHaveLength(2_500); // every trade (even seqs: i odd) once
  });
});
