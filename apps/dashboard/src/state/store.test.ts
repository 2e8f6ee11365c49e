import { beforeEach, describe, expect, it } from "bun:test";
import { signal as cell, effect } from "@preact/signals";
import { createDeskState, DeskStateError, foldEvents } from "@tickerwire/desk";
import type { DeskState, HubEvent } from "@tickerwire/protocol";
import { candle, closed, executed, metrics, resetSeq, signal } from "../../test/fixtures.ts";
import { createStore } from "./store.ts";

beforeEach(() => resetSeq());

const fold = (events: HubEvent[]) => foldEvents(createDeskState(), events);
const snapshotOf = (state: DeskState) => ({ state: JSON.parse(JSON.stringify(state)) as DeskState });

/** A little of everything: trades opened and closed, marks from signals and candles, metrics. */
function history(): HubEvent[] {
  return [
    executed("a", "RSI_Oversold", { symbol: "BTC-USDT", entry_price: 100, quantity: 2 }),
    signal("RSI_Oversold", "BUY", 105, 0.8, { symbol: "BTC-USDT" }),
    executed("b", "MACD_Divergence", { symbol: "ETH-USDT", action: "SELL", entry_price: 50, quantity: 1 }),
    closed("a", 10, "RSI_Oversold"),
    metrics("RSI_Oversold", 1, 1, 10),
    candle("ETH-USDT", "1m", "2026-01-19T10:31:00Z", 50, 51, 44, 45),
    executed("c", "RSI_Oversold", { symbol: "BTC-USDT", entry_price: 110, quantity: 1 }),
    closed("z", -3, "Volume_Spike"),
    candle("BTC-USDT", "1m", "2026-01-19T10:32:00Z", 110, 120, 108, 118),
  ];
}

describe("store", () => {
  it("holds a snapshot's state, and with the events after it equals the fold of everything", () => {
    const all = history();
    const cut = 4;
    const store = createStore();
    store.replace(snapshotOf(fold(all.slice(0, cut))));
    expect(store.seq.value).toBe(all[cut - 1]?.seq as number);
    store.apply(all.slice(cut));
    expect(store.state).toEqual(fold(all));
    expect(store.state.ledger.total.realized_pnl).toBe(7);
    // b: SELL 1 at 50 marked 45 → +5; c: BUY 1 at 110 marked 118 → +8.
    expect(store.state.ledger.total.unrealized_pnl).toBe(13);
  });

  it("ignores events the state already includes (history re-fed after a reconnect)", () => {
    const all = history();
    const store = createStore();
    store.apply(all);
    const before = JSON.stringify(store.state);
    const revision = store.revision.value;
    store.apply(all.slice(2));
    expect(JSON.stringify(store.state)).toBe(before);
    expect(store.revision.value).toBe(revision);
  });

  it("bumps its revision once per applied batch, however many events it held", () => {
    const store = createStore();
    const seen: number[] = [];
    const stop = effect(() => void seen.push(store.revision.value));
    store.apply(history());
    store.apply([signal("RSI_Oversold", "SELL", 1, 0.5)]);
    stop();
    expect(seen).toEqual([0, 1, 2]);
  });

  it("keeps its own copy of a snapshot: the message's state is never changed by the fold", () => {
    const message = snapshotOf(fold(history().slice(0, 2)));
    const text = JSON.stringify(message.state);
    const store = createStore();
    store.replace(message);
    store.apply([closed("a", 4, "RSI_Oversold")]);
    expect(JSON.stringify(message.state)).toBe(text);
    expect(store.state.ledger.total.closed_trades).toBe(1);
  });

  it("refuses a state that breaks the fold's invariants, and keeps the one it had", () => {
    const store = createStore();
    store.apply(history());
    const good = JSON.stringify(store.state);
    const bad = snapshotOf(fold(history()));
    bad.state.positions.reverse(); // positions must be in seq order
    expect(() => store.replace(bad)).toThrow(DeskStateError);
    expect(JSON.stringify(store.state)).toBe(good);
  });

  it("select follows the state through the revision, or through the tick it is given", () => {
    const store = createStore();
    const closedTrades = store.select((s) => s.ledger.total.closed_trades);
    expect(closedTrades.value).toBe(0);
    store.apply([closed("x", 1)]);
    expect(closedTrades.value).toBe(1);
    const tick = cell(0);
    const frozen = store.select((s) => s.ledger.total.closed_trades, tick);
    expect(frozen.value).toBe(1);
    store.apply([closed("y", 1)]);
    expect(frozen.value).toBe(1); // its tick did not move
    tick.value++;
    expect(frozen.value).toBe(2);
  });

  it("starts over empty on reset (a new epoch)", () => {
    const store = createStore();
    store.apply(history());
    store.reset();
    expect(store.state).toEqual(createDeskState());
    expect(store.seq.value).toBe(0);
  });
});
