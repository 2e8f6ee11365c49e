import { describe, expect, it } from "bun:test";
import { decodeServerMessage } from "./decode.ts";
import { DeskState, OTHER_STRATEGIES, SnapshotMessage } from "./desk-state.ts";

const entry = {
  closed_trades: 1,
  wins: 1,
  losses: 0,
  realized_pnl: 5,
  gross_profit: 5,
  gross_loss: 0,
  profit_factor: null,
  largest_win: 5,
  largest_loss: 0,
  peak: 5,
  max_drawdown: 0,
  current_drawdown: 0,
  win_streak: 1,
  loss_streak: 0,
  open_positions: 1,
  unrealized_pnl: -2,
  last_seq: 3,
};
const ts = "2026-01-19T10:30:45.123Z";
const state = {
  version: 1,
  seq: 4,
  limits: {
    strategies: 1000,
    positions: 10000,
    symbols: 10000,
    series: 256,
    bars: 120,
    recent: 50,
    equity_points: 2000,
    strategy_points: 200,
    days: 90,
  },
  ledger: { total: entry, by_strategy: { A: entry, [OTHER_STRATEGIES]: entry } },
  positions: [
    {
      trade_id: "t1",
      strategy_name: "A",
      action: "SELL",
      entry_price: 100,
      quantity: 2,
      symbol: "BTC-USDT",
      opened_at: ts,
      seq: 1,
      mark: 101,
      unrealized_pnl: -2,
    },
  ],
  marks: { "BTC-USDT": { price: 101, source: "candle", seq: 4 } },
  metrics: {},
  candles: {
    "BTC-USDT.1m": [{ start_ms: 1768818600000, open: 100, high: 102, low: 99, close: 101, volume: 3 }],
  },
  equity: [[3, 1768818645123, 5]],
  equity_sampling: { stride: 1, skipped: 0 },
  daily: [{ day: "2026-01-19", pnl: 5, trades: 1, wins: 1 }],
  recent: { signal: [], trade: [], alert: [] },
  counts: { events: 4, by_type: { signal: 0, trade: 1, trade_closed: 1, metrics: 0, alert: 0, candle: 2 } },
  overflow: { strategies: 0, positions: 0, symbols: 0, series: 0, metrics: 0 },
  anomalies: { duplicate_open: 0, unknown_close: 1, strategy_mismatch: 0, late_close: 0 },
};

describe("DeskState", () => {
  it("accepts a state with the ~other ledger key", () => {
    expect(DeskState.safeParse(state).success).toBe(true);
  });

  it("rejects numbers JSON cannot carry and keys that cannot be strategies, symbols or series", () => {
    const bad = (patch: (s: typeof state) => void) => {
      const s = structuredClone(state);
      patch(s);
      return DeskState.safeParse(s).success;
    };
    expect(bad((s) => (s.ledger.total.realized_pnl = Number.NaN))).toBe(false);
    expect(bad((s) => (s.ledger.total.profit_factor = Number.POSITIVE_INFINITY as never))).toBe(false);
    expect(bad((s) => (s.ledger.by_strategy = { "a.b": entry } as never))).toBe(false);
    expect(bad((s) => (s.candles = { BTC: [] } as never))).toBe(false);
    expect(bad((s) => (s.version = 2))).toBe(false);
  });
});

describe("SnapshotMessage", () => {
  it("decodes as a server message", () => {
    const msg = { type: "snapshot", epoch: "k3f9", seq: 4, timestamp: ts, state };
    const r = decodeServerMessage(JSON.stringify(msg));
    expect(r.ok && r.value).toEqual(SnapshotMessage.parse(msg));
  });

  it("names the failing field of a broken state", () => {
    const msg = { type: "snapshot", epoch: "k3f9", seq: 4, timestamp: ts, state: { ...state, positions: [{}] } };
    const r = decodeServerMessage(JSON.stringify(msg));
    expect(!r.ok && r.error.issues.some((i) => i.path.join(".").startsWith("state.positions.0"))).toBe(true);
  });
});
