/**
 * Fold measurement (not a test): ns/event for mixed streams, then serialize/parse time and JSON
 * size of a big state (100 strategies, 1,000 open positions, candles for 5 symbols).
 * Times are CPU time of this process, best of 5.
 * Usage: bun packages/desk/bench/fold.ts [events=500000]
 */
import type { HubEvent } from "@tickerwire/protocol";
import { createDeskState, foldEvents, parseDesk, serializeDesk, viewDesk } from "../src/index.ts";
import { EventMaker } from "../test/events.ts";
import { randomStream, type StreamShape } from "../test/random-stream.ts";

const n = Number(process.argv[2] ?? 500_000);

/**
 * Runs `f` and returns its result and the CPU time it took in ms (this process's user + system
 * time: on a shared, busy machine wall time mostly measures the neighbours).
 */
function time<T>(f: () => T): [T, number] {
  const c0 = process.cpuUsage();
  const r = f();
  const c = process.cpuUsage(c0);
  return [r, (c.user + c.system) / 1000];
}

function foldRate(label: string, shape: StreamShape): void {
  const events = [...randomStream(n, 7, shape)];
  let openNow = 0;
  let openSum = 0;
  for (const e of events) {
    if (e.type === "trade") openNow++;
    else if (e.type === "trade_closed") openNow--;
    openSum += openNow;
  }
  foldEvents(createDeskState(), events.slice(0, 50_000)); // warm-up
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 5; run++) {
    const [, ms] = time(() => foldEvents(createDeskState(), events));
    best = Math.min(best, ms);
  }
  const ns = (best * 1e6) / events.length;
  const avgOpen = Math.round(openSum / events.length);
  console.log(`${label}: ${ns.toFixed(0)} ns/event (${events.length} events, ${avgOpen} positions open on average)`);
}

console.log("mixed stream: 20% opens, 20% closes, 20% signals, 30% candles, 7% metrics, 3% alerts");
foldRate("  10 strategies, 5 symbols", { strategies: 10, symbols: 5, open: 50 });
foldRate("  100 strategies, 5 symbols", { strategies: 100, symbols: 5, open: 1_000 });

/** 100 strategies with 200k closes over 90 days, 1,000 positions left open, 5 candle series. */
function bigState() {
  const m = new EventMaker();
  const events: HubEvent[] = [];
  const step = (90 * 86_400_000) / 200_000;
  for (let i = 0; i < 200_000; i++) {
    m.at(m.t + step);
    const s = `Strategy_${i % 100}`;
    events.push(m.trade(`c${i}`, s, { price: 100, symbol: `SYM${i % 5}` }), m.closed(`c${i}`, s, (i % 41) - 20));
    if (i % 1000 === 0) events.push(m.signal(s, 100 + (i % 7), { symbol: `SYM${i % 5}` }));
  }
  for (let i = 0; i < 1_000; i++) {
    const s = `Strategy_${i % 100}`;
    events.push(
      m.trade(`o${i}`, s, { action: i % 2 ? "BUY" : "SELL", price: 100, quantity: 2, symbol: `SYM${i % 5}` }),
    );
  }
  for (let b = 0; b < 200; b++) {
    for (let k = 0; k < 5; k++) events.push(m.candle(`SYM${k}`, 100 + b / 4, { start: m.t + b * 60_000 }));
  }
  for (let i = 0; i < 100; i++) events.push(m.metrics(`Strategy_${i}`, i), m.alert(`alert ${i}`));
  return foldEvents(createDeskState(), events);
}

/** Best of 5 runs of `f`. */
function best<T>(f: () => T): [T, number] {
  let out = time(f);
  for (let i = 1; i < 5; i++) {
    const r = time(f);
    if (r[1] < out[1]) out = r;
  }
  return out;
}

const state = bigState();
const [json, serMs] = best(() => serializeDesk(state));
const [, parseMs] = best(() => parseDesk(json));
const [view, viewMs] = best(() =>
  viewDesk(state, { filter: { strategies: ["Strategy_1", "Strategy_2", "Strategy_3"] } }),
);
const viewJson = serializeDesk(view);
const [fullView, fullViewMs] = best(() => serializeDesk(viewDesk(state)));
const kb = (s: string) => `${(Buffer.byteLength(s) / 1024).toFixed(0)} KiB`;
console.log(
  `big state (100 strategies, ${state.positions.length} open, ${Object.keys(state.candles).length} candle series, ` +
    `${state.ledger.total.closed_trades} closes, ${state.equity.length} equity points, ${state.daily.length} days):`,
);
console.log(`  checkpoint JSON ${kb(json)}: serialize ${serMs.toFixed(1)} ms, parse+validate ${parseMs.toFixed(1)} ms`);
console.log(`  unfiltered snapshot (viewDesk + serialize): ${kb(fullView)} in ${fullViewMs.toFixed(1)} ms`);
console.log(`  3-strategy snapshot: viewDesk ${viewMs.toFixed(1)} ms, ${kb(viewJson)}`);
