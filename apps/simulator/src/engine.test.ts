import { describe, expect, it } from "bun:test";
import type { PublishableEvent } from "@tickerwire/protocol";
import { STRATEGIES, validatePublishItem } from "@tickerwire/protocol";
import type { EngineOptions } from "./engine.ts";
import { createEngine } from "./engine.ts";
import { toPublishItem } from "./events.ts";

const TICKS_PER_MIN = 12; // default tick: 5 s of simulated time

function run(options: Partial<EngineOptions>, minutes: number): PublishableEvent[] {
  const e = createEngine(options);
  const out: PublishableEvent[] = [];
  for (let i = 0; i < minutes * TICKS_PER_MIN; i++) out.push(...e.step().events);
  return out;
}

describe("engine: reproducibility", () => {
  it("gives the same stream for the same seed and options", () => {
    const a = run({ seed: 42 }, 180);
    const b = run({ seed: 42 }, 180);
    expect(a.length).toBeGreaterThan(500);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it("gives a different stream for another seed", () => {
    expect(JSON.stringify(run({ seed: 43 }, 60))).not.toBe(JSON.stringify(run({ seed: 42 }, 60)));
  });
});

describe("engine: stream content", () => {
  const events = run({ seed: 7 }, 6 * 60);
  const of = <T extends PublishableEvent["type"]>(t: T) =>
    events.filter((e): e is Extract<PublishableEvent, { type: T }> => e.type === t);

  it("passes protocol validation, event by event, with the type its topic implies", () => {
    for (const [i, e] of events.entries()) {
      const r = validatePublishItem(toPublishItem(e), i);
      if (!r.ok) throw new Error(`event ${i} ${JSON.stringify(e)} is invalid: ${JSON.stringify(r.issues)}`);
      expect(r.value.type).toBe(e.type);
      expect(r.value.data).toEqual(e.data);
    }
  });

  it("publishes one candle per symbol per simulated minute, back to back", () => {
    for (const symbol of ["BTC-USDT", "ETH-USDT", "SOL-USDT"]) {
      const starts = of("candle")
        .filter((c) => c.data.symbol === symbol)
        .map((c) => Date.parse(c.data.start));
      expect(starts.length).toBeGreaterThanOrEqual(6 * 60 - 1);
      for (let i = 1; i < starts.length; i++) expect((starts[i] as number) - (starts[i - 1] as number)).toBe(60_000);
    }
  });

  it("has signals from all five strategies and regime alerts", () => {
    expect(new Set(of("signal").map((s) => s.data.strategy_name))).toEqual(new Set(STRATEGIES));
    expect(of("alert").some((a) => a.data.kind === "system")).toBe(true);
  });

  it("closes only trades it opened, with pnl = (exit − entry) × qty (reversed for SELL)", () => {
    const opened = new Map(of("trade").map((t) => [t.data.trade_id, t.data]));
    const closed = of("trade_closed");
    expect(closed.length).toBeGreaterThan(50);
    for (const c of closed) {
      const o = opened.get(c.data.trade_id);
      expect(o).toBeDefined();
      if (!o) continue;
      expect(c.data.entry_price).toBe(o.entry_price);
      expect(c.data.strategy_name).toBe(o.strategy_name);
      const raw = (c.data.exit_price - o.entry_price) * o.quantity * (o.action === "BUY" ? 1 : -1);
      expect(c.data.pnl).toBeCloseTo(raw, 2);
    }
  });

  it("follows each closed trade with its strategy's running metrics", () => {
    const totals = new Map<string, { n: number; pnl: number; wins: number }>();
    for (const [i, e] of events.entries()) {
      if (e.type !== "trade_closed") continue;
      const t = totals.get(e.data.strategy_name) ?? { n: 0, pnl: 0, wins: 0 };
      t.n++;
      t.pnl += e.data.pnl;
      if (e.data.pnl > 0) t.wins++;
      totals.set(e.data.strategy_name, t);
      const m = events[i + 1];
      expect(m?.type).toBe("metrics");
      if (m?.type !== "metrics") continue;
      expect(m.data.strategy_name).toBe(e.data.strategy_name);
      expect(m.data.total_trades).toBe(t.n);
      expect(m.data.total_profit_loss).toBeCloseTo(t.pnl, 2);
      expect(m.data.win_rate).toBeCloseTo(t.wins / t.n, 4);
    }
  });

  it("runs only the strategies it is given", () => {
    const some = run({ seed: 7, strategies: ["RSI_Oversold", "Volume_Spike"] }, 3 * 60);
    const names = new Set(some.flatMap((e) => ("strategy_name" in e.data ? [e.data.strategy_name] : [])));
    expect(names).toEqual(new Set(["RSI_Oversold", "Volume_Spike"]));
  });
});

describe("engine: auto-graduate with default thresholds", () => {
  it("promotes a strategy within 2.5 simulated hours (≈ 2.5 minutes of `bun run dev` at speed 60)", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const e = createEngine({ seed });
      let promotedAt = -1;
      for (let i = 0; i < 150 * TICKS_PER_MIN && promotedAt < 0; i++) {
        if (e.step().events.some((ev) => ev.type === "alert" && ev.data.kind === "promoted")) promotedAt = i;
      }
      expect({ seed, promoted: promotedAt >= 0 }).toEqual({ seed, promoted: true });
    }
  });

  it("rolls back a degraded live strategy at some point in a long run, as a warning with its version", () => {
    const rollbacks = run({ seed: 1 }, 8 * 60).filter((e) => e.type === "alert" && e.data.kind === "rollback");
    expect(rollbacks.length).toBeGreaterThan(0);
    const first = rollbacks[0];
    if (first?.type !== "alert") throw new Error("unreachable");
    expect(first.topic).toBe("strategy.rollback");
    expect(first.data.severity).toBe("warning");
    expect(first.data.version).toBeGreaterThanOrEqual(0);
    expect(first.data.message).toMatch(/^Rolled back to version \d+: /);
  });
});
