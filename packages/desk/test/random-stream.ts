/**
 * Long deterministic event streams for tests and the bench (fast-check is too slow at 300,000
 * events): a seeded PRNG drives trades and closes over many strategies, signals, candles,
 * metrics and alerts, with time moving forward by seconds.
 */
import type { HubEvent } from "@tickerwire/protocol";
import { EventMaker } from "./events.ts";

/** mulberry32: a small seeded PRNG, [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface StreamShape {
  strategies: number;
  symbols: number;
  /** Open positions the stream hovers around. */
  open: number;
}

/** Yields `n` events; lazily, so a million need no million-element array. */
export function* randomStream(n: number, seed: number, shape: StreamShape): Generator<HubEvent> {
  const r = prng(seed);
  const m = new EventMaker();
  const pick = (k: number) => Math.floor(r() * k);
  const strategy = (i: number) => `S${i}`;
  const symbol = (i: number) => `SYM${i}`;
  const open: { id: string; s: string }[] = [];
  let next = 0;
  for (let i = 0; i < n; i++) {
    m.at(m.t + pick(3_000));
    const x = r();
    if (x < 0.2 && open.length < shape.open * 2) {
      const id = `T${next++}`;
      const s = strategy(pick(shape.strategies));
      open.push({ id, s });
      const price = 100 + pick(100) / 4;
      yield m.trade(id, s, {
        action: r() < 0.5 ? "BUY" : "SELL",
        price,
        quantity: 1 + pick(4),
        symbol: symbol(pick(shape.symbols)),
      });
    } else if (x < 0.4 && open.length > 0) {
      const [t] = open.splice(pick(open.length), 1);
      if (t) yield m.closed(t.id, t.s, (pick(4001) - 2000) / 8);
    } else if (x < 0.6) {
      yield m.signal(strategy(pick(shape.strategies)), 100 + pick(100) / 4, {
        symbol: symbol(pick(shape.symbols)),
        confidence: r(),
      });
    } else if (x < 0.9) {
      yield m.candle(symbol(pick(shape.symbols)), 100 + pick(100) / 4, { interval: "1m" });
    } else if (x < 0.97) {
      yield m.metrics(strategy(pick(shape.strategies)), pick(1000));
    } else {
      yield m.alert("note", r() < 0.5 ? { strategy: strategy(pick(shape.strategies)), kind: "promoted" } : {});
    }
  }
}
