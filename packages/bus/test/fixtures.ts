/** Test helpers for the bus: valid publishable events of every type, temp dirs, a settable clock. */
import { afterEach, beforeEach } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type PublishableEvent, TOPICS } from "@tickerwire/protocol";
import { createLocalBus, type LocalBus, type LocalBusOptions } from "../src/index.ts";

export function signal(strategy = "RSI_Oversold", price = 100, confidence = 0.8): PublishableEvent {
  return {
    type: "signal",
    topic: TOPICS.signal(strategy),
    data: { strategy_name: strategy, action: "BUY", price, confidence },
  };
}

export function trade(id: string, strategy = "MACD_Divergence"): PublishableEvent {
  return {
    type: "trade",
    topic: TOPICS.tradeExecuted,
    data: { trade_id: id, strategy_name: strategy, action: "SELL", entry_price: 42_000, quantity: 0.5 },
  };
}

export function candle(symbol = "BTC-USDT", close = 101): PublishableEvent {
  return {
    type: "candle",
    topic: TOPICS.candle(symbol, "1m"),
    data: {
      symbol,
      interval: "1m",
      open: 100,
      high: Math.max(100, close) + 1,
      low: Math.min(100, close) - 1,
      close,
      volume: 12.5,
      start: "2026-01-19T10:30:00.000Z",
    },
  };
}

export function alert(message = "disk almost full"): PublishableEvent {
  return { type: "alert", topic: TOPICS.systemAlert, data: { message, severity: "warning", kind: "system" } };
}

/** A temp dir removed by the returned cleanup. */
export function tempDir(): { dir: string; file(name?: string): string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), "tw-bus-"));
  return {
    dir,
    file: (name = "bus.db") => join(dir, name),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A clock tests move by hand. */
export function manualClock(start = Date.parse("2026-01-19T10:30:45.123Z")): {
  now: () => number;
  advance(ms: number): void;
} {
  let t = start;
  return {
    now: () => t,
    advance(ms) {
      t += ms;
    },
  };
}

export const seqsOf = (events: readonly { seq: number }[]): number[] => events.map((e) => e.seq);

/**
 * Per test: a fresh temp dir, and every local bus the test opened with `bus()` closed afterwards.
 * Call once at the top of a test file.
 */
export function useLocalBuses(): { bus(opts?: LocalBusOptions): LocalBus; readonly tmp: ReturnType<typeof tempDir> } {
  let tmp: ReturnType<typeof tempDir> | undefined;
  const open: LocalBus[] = [];
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(async () => {
    for (const b of open.splice(0)) await b.close();
    tmp?.cleanup();
  });
  const current = () => {
    if (!tmp) throw new Error("useLocalBuses: no test is running");
    return tmp;
  };
  return {
    get tmp() {
      return current();
    },
    bus(opts = {}) {
      const b = createLocalBus({ path: current().file(), ...opts });
      open.push(b);
      return b;
    },
  };
}

const MIXED: ((i: number) => PublishableEvent)[] = [
  () => signal(),
  (i) => trade(`t${i}`),
  () => candle(),
  () => alert(),
];

/** `n` events cycling through signal, trade, candle and alert (trade ids from `from`). */
export function mixed(n: number, from = 0): PublishableEvent[] {
  return Array.from({ length: n }, (_, i) => MIXED[(from + i) % MIXED.length]!(from + i));
}
