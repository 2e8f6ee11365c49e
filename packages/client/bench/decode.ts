/**
 * Decode throughput of the SDK's hot path: wire JSON text → `decodeServerMessage` → typed
 * message. Run: `bun bench/decode.ts [--jitless] [--n 200000]` from packages/client.
 * `--jitless` matches the dashboard (zod compiled without `new Function`, for CSP).
 */

const args = process.argv.slice(2);
const jitless = args.includes("--jitless");
// zod reads a config object left on globalThis before it loads (as the dashboard's zod-jitless.ts does).
if (jitless) (globalThis as { __zod_globalConfig?: object }).__zod_globalConfig = { jitless: true };
const nArg = args.indexOf("--n");
const N = nArg >= 0 ? Number(args[nArg + 1]) : 200_000;

// Imported after the config is set: zod reads it when schemas first compile.
const { decodeServerMessage, encodeEvent, parseJson, ServerMessage } = await import("@tickerwire/protocol");
/** The decode path before the by-type dispatch: JSON, then the whole `ServerMessage` union. */
const viaUnion = (raw: string) => {
  const j = parseJson(raw);
  return j.ok ? ServerMessage.safeParse(j.value).success : false;
};
const viaType = (raw: string) => decodeServerMessage(raw).ok;
type HubEvent = import("@tickerwire/protocol").HubEvent;

const ts = "2026-01-19T10:30:45.123Z";
const samples: HubEvent[] = [
  {
    type: "signal",
    seq: 1,
    topic: "strategy.RSI_Oversold.signal",
    timestamp: ts,
    data: { strategy_name: "RSI_Oversold", action: "BUY", price: 42350.5, confidence: 0.85 },
  },
  {
    type: "trade",
    seq: 2,
    topic: "trade.executed",
    timestamp: ts,
    data: { trade_id: "123", strategy_name: "Support_Bounce", action: "BUY", entry_price: 42400, quantity: 0.01 },
  },
  {
    type: "metrics",
    seq: 3,
    topic: "strategy.RSI_Oversold.metrics",
    timestamp: ts,
    data: { strategy_name: "RSI_Oversold", total_trades: 50, win_rate: 0.62, total_profit_loss: 125.5 },
  },
  {
    type: "candle",
    seq: 4,
    topic: "market.BTC-USDT.1m",
    timestamp: ts,
    data: { symbol: "BTC-USDT", interval: "1m", open: 100, high: 110, low: 95, close: 105, volume: 12, start: ts },
  },
];
const events = samples.map(encodeEvent);
const control = [
  JSON.stringify({ type: "pong", t: 1, server_time: ts }),
  JSON.stringify({ type: "heartbeat", server_time: ts, current_seq: 9 }),
];

function rate(decode: (raw: string) => boolean, frames: string[], n: number): number {
  let ok = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) if (decode(frames[i % frames.length] as string)) ok++;
  const ms = performance.now() - t0;
  if (ok !== n) throw new Error(`only ${ok}/${n} decoded`);
  return Math.round((n / ms) * 1000);
}

// Warm-up (JIT, zod compile), then the two paths alternate so machine noise hits both alike.
for (const d of [viaUnion, viaType]) for (const f of [events, control]) rate(d, f, 20_000);
const best = (d: typeof viaType, frames: string[]) => {
  let b = 0;
  for (let i = 0; i < 3; i++) b = Math.max(b, rate(d, frames, N));
  return b;
};
const fmt = (x: number) => x.toLocaleString("en-US").padStart(10);
console.log(`zod ${jitless ? "jitless" : "jit"}, ${N.toLocaleString("en-US")} frames per run, best of 3 (msgs/s)`);
console.log("            union (before)  by type (now)");
for (const [name, frames] of [
  ["events", events],
  ["control", control],
] as const)
  console.log(`  ${name.padEnd(8)}  ${fmt(best(viaUnion, frames))}      ${fmt(best(viaType, frames))}`);
