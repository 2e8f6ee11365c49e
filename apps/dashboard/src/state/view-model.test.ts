import { beforeEach, describe, expect, it } from "bun:test";
import { createDeskState, foldEvents } from "@tickerwire/desk";
import type { DeskState, HubEvent } from "@tickerwire/protocol";
import { FakeClient } from "../../test/fake-client.ts";
import { alert, candle, closed, executed, metrics, resetSeq, signal } from "../../test/fixtures.ts";
import { createStore } from "./store.ts";
import { createViewModel, type UrlAccess } from "./view-model.ts";

function memoryUrl(initial = ""): UrlAccess & { current: string } {
  const u = {
    current: initial,
    search: () => u.current,
    replace: (s: string) => {
      u.current = s;
    },
  };
  return u;
}

beforeEach(() => resetSeq());

/** Tests need no paint: what waits for one follows at once. */
const paintNow = (cb: () => void) => cb();

const snapshotOf = (events: HubEvent[]) => ({
  state: JSON.parse(JSON.stringify(foldEvents(createDeskState(), events))) as DeskState,
});

describe("view model", () => {
  it("applies a filter on the hub and writes it to the URL", () => {
    const client = new FakeClient();
    const url = memoryUrl("?transport=sse");
    const v = createViewModel(createStore(), client, undefined, { url, paint: paintNow });
    v.setFilter({ strategies: ["RSI_Oversold"], min_confidence: 0.7 });
    expect(client.filters).toEqual([{ strategies: ["RSI_Oversold"], min_confidence: 0.7 }]);
    expect(url.current).toBe("?transport=sse&strategies=RSI_Oversold&min_confidence=0.7");
    v.setFilter(undefined);
    expect(client.filters.at(-1)).toBeUndefined();
    expect(url.current).toBe("?transport=sse");
  });

  it("does not resubscribe when the filter did not change", () => {
    const client = new FakeClient();
    const v = createViewModel(createStore(), client, { types: ["signal"] }, { url: memoryUrl(), paint: paintNow });
    v.setFilter({ types: ["signal"] });
    v.setFilter({ types: ["signal"], strategies: [] });
    expect(client.filters).toEqual([]);
  });

  it("hides items received before a filter change that the new filter excludes", () => {
    const store = createStore();
    const v = createViewModel(store, new FakeClient(), undefined, { url: memoryUrl(), paint: paintNow });
    store.apply([
      signal("RSI_Oversold", "BUY", 1, 0.9),
      signal("MACD_Divergence", "SELL", 1, 0.4),
      executed("1", "MACD_Divergence"),
      alert("system", "info", "no strategy"),
      metrics("RSI_Oversold", 1, 1, 1),
      metrics("MACD_Divergence", 1, 1, 1),
    ]);
    v.setFilter({ strategies: ["RSI_Oversold"] });
    expect(v.signals.value.map((e) => e.data.strategy_name)).toEqual(["RSI_Oversold"]);
    expect(v.trades.value).toEqual([]);
    expect(v.alerts.value).toHaveLength(1); // names no strategy: passes a strategy filter
    expect(v.metricsRows.value.map(([name]) => name)).toEqual(["RSI_Oversold"]);
    v.setFilter({ min_confidence: 0.5, types: ["signal"] });
    expect(v.signals.value.map((e) => e.data.confidence)).toEqual([0.9]);
    expect(v.metricsRows.value).toEqual([]);
  });

  it("offers the original strategies plus any seen in the data or the URL, without churning", () => {
    const store = createStore();
    const v = createViewModel(
      store,
      new FakeClient(),
      { strategies: ["From_Url"] },
      { url: memoryUrl(), paint: paintNow },
    );
    const first = v.knownStrategies.value;
    expect(first).toContain("RSI_Oversold");
    expect(first).toContain("From_Url");
    store.apply([signal("RSI_Oversold", "BUY", 1, 0.5)]);
    expect(v.knownStrategies.value).toBe(first); // nothing new: same array
    store.apply([signal("Mean_Reversion", "BUY", 1, 0.5), metrics("Pairs_Trade", 1, 1, 1), closed("x", 1, "Grid_Bot")]);
    expect(v.knownStrategies.value).toContain("Mean_Reversion");
    expect(v.knownStrategies.value).toContain("Pairs_Trade");
    expect(v.knownStrategies.value).toContain("Grid_Bot");
    // A filtered view's snapshot holds only its strategies: the others stay on offer.
    store.replace(snapshotOf([closed("y", 1, "Grid_Bot")]));
    expect(v.knownStrategies.value).toContain("Mean_Reversion");
  });

  it("derives every figure from the desk state, and follows a new snapshot", () => {
    const store = createStore();
    const v = createViewModel(store, new FakeClient(), undefined, { url: memoryUrl(), paint: paintNow });
    store.apply([
      executed("a", "RSI_Oversold", { symbol: "BTC-USDT", entry_price: 100, quantity: 1 }),
      closed("b", 5, "MACD_Divergence"),
      candle("BTC-USDT", "1m", "2026-01-19T10:31:00Z", 100, 104, 99, 103),
    ]);
    expect(v.summary.value).toMatchObject({ realizedPnl: 5, unrealizedPnl: 3, totalPnl: 8, openPositions: 1 });
    expect(v.positions.value.rows.map((p) => [p.trade_id, p.unrealized_pnl])).toEqual([["a", 3]]);
    expect(v.strategies.value.map((r) => [r.name, r.totalPnl])).toEqual([
      ["MACD_Divergence", 5],
      ["RSI_Oversold", 3],
    ]);
    expect(v.equity.value.map((p) => p.value)).toEqual([5]);
    expect(v.daily.value.map((d) => d.pnl)).toEqual([5]);
    expect(v.candles.value.key).toBe("BTC-USDT.1m");
    store.replace(snapshotOf([closed("c", -2, "Trend_Following")]));
    expect(v.summary.value).toMatchObject({ realizedPnl: -2, unrealizedPnl: 0, openPositions: 0 });
    expect(v.strategies.value.map((r) => r.name)).toEqual(["Trend_Following"]);
    expect(v.candles.value).toEqual({ key: null, bars: [] });
  });

  it("moves the summary and the positions first, and the rest once that has been painted", () => {
    const store = createStore();
    const paints: (() => void)[] = [];
    const v = createViewModel(store, new FakeClient(), undefined, {
      url: memoryUrl(),
      paint: (cb) => void paints.push(cb),
    });
    // As the page does: every panel has read its figures once (empty) before the snapshot lands.
    for (const shown of [v.summary, v.positions, v.strategies, v.signals, v.equity]) void shown.value;
    store.replace(
      snapshotOf([executed("a"), closed("b", 5, "Trend_Following"), signal("Trend_Following", "BUY", 1, 1)]),
    );
    expect(v.summary.value.realizedPnl).toBe(5);
    expect(v.positions.value.open).toBe(1);
    expect(v.strategies.value).toEqual([]);
    expect(v.signals.value).toEqual([]);
    expect(v.equity.value).toEqual([]);
    for (const paint of paints.splice(0)) paint();
    expect(v.strategies.value.map((r) => r.name)).toEqual(["Support_Bounce", "Trend_Following"]);
    expect(v.signals.value).toHaveLength(1);
    expect(v.equity.value).toHaveLength(1);
  });

  it("shows the picked candle series, or the first one when the picked one is not there", () => {
    const store = createStore();
    const v = createViewModel(store, new FakeClient(), undefined, { url: memoryUrl(), paint: paintNow });
    store.apply([
      candle("ETH-USDT", "1m", "2026-01-19T10:30:00Z", 10, 11, 9, 10.5),
      candle("BTC-USDT", "1m", "2026-01-19T10:30:00Z", 100, 110, 90, 105),
    ]);
    expect(v.candleKeys.value).toEqual(["BTC-USDT.1m", "ETH-USDT.1m"]);
    expect(v.candles.value.bars.map((b) => b.close)).toEqual([105]);
    v.candleKey.value = "ETH-USDT.1m";
    expect(v.candles.value.bars.map((b) => b.close)).toEqual([10.5]);
    v.candleKey.value = "SOL-USDT.1m";
    expect(v.candles.value.key).toBe("BTC-USDT.1m");
  });

  it("moves figures and metrics rows at most once per refresh interval, ending on the latest", () => {
    let now = 1000;
    const due: { at: number; cb: () => void }[] = [];
    const timers = { now: () => now, setTimeout: (cb: () => void, ms: number) => void due.push({ at: now + ms, cb }) };
    const store = createStore();
    const v = createViewModel(store, new FakeClient(), undefined, {
      url: memoryUrl(),
      listRefreshMs: 250,
      timers,
      paint: paintNow,
    });
    store.apply([metrics("RSI_Oversold", 1, 0.5, 10)]);
    const row = () => v.metricsRows.value[0]?.[1].value.data.total_trades;
    expect(row()).toBe(1);
    expect(v.summary.value.closedTrades).toBe(0);
    store.apply([metrics("RSI_Oversold", 2, 0.5, 11)]);
    now += 16;
    store.apply([metrics("RSI_Oversold", 3, 0.5, 12)]);
    expect(row()).toBe(1); // the leading edge showed 1 at once; 2 and 3 wait for the interval
    store.apply([closed("x", 4)]);
    expect(v.summary.value.closedTrades).toBe(0);
    now += 250;
    for (const t of due.splice(0)) t.cb();
    expect(row()).toBe(3);
    expect(v.summary.value.closedTrades).toBe(1);
  });
});
