/**
 * `--watch`: the hub runs with the operators' watch configured as a desk would — 20 alert rules
 * and 3 webhook endpoints — and the publisher names itself as an engine (X-Engine-Id with a 10 s
 * interval), so every publish also goes through engine liveness. The endpoints filter like real
 * ones (critical alerts, rollbacks and promotions, closed trades): the bench's `system.alert`
 * info events match none of them and fire no rule, so what is measured is the cost of having the
 * watch on the hot path (matching every event, folding the ledger, tracking the engine), not of
 * posting webhooks. They point at a sink in the bench process that answers 204.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";

const STRATEGIES = ["RSI_Oversold", "MACD_Divergence", "Trend_Following", "Support_Bounce", "Volume_Spike"];
export const BENCH_ENGINE_ID = "bench-publisher";

/** The 20 rules (pure). */
export function benchRules(): object[] {
  return [
    ...STRATEGIES.flatMap((s) => [
      { id: `dd-${s}`, kind: "drawdown", above: 500, strategy: s },
      { id: `day-${s}`, kind: "daily_loss", above: 300, strategy: s },
    ]),
    { id: "dd-desk", kind: "drawdown", above: 2000 },
    { id: "day-desk", kind: "daily_loss", above: 1000 },
    { id: "streak-each", kind: "loss_streak", count: 5, strategy: "*" },
    { id: "streak-desk", kind: "loss_streak", count: 8 },
    { id: "winrate-each", kind: "win_rate", below: 0.35, min_trades: 20, strategy: "*" },
    { id: "winrate-desk", kind: "win_rate", below: 0.4, min_trades: 50 },
    { id: "rollbacks", kind: "rollback" },
    { id: "strong-signals", kind: "signal", min_confidence: 0.97 },
    { id: "strong-sells", kind: "signal", min_confidence: 0.9, action: "SELL", strategy: "RSI_Oversold" },
    { id: "publisher-down", kind: "engine_stale", engine: BENCH_ENGINE_ID },
  ];
}

/** The 3 endpoints, all at `sinkUrl` (pure). */
export function benchEndpoints(sinkUrl: string): object[] {
  const common = { url: sinkUrl, secret: "bench-webhook-secret-0123456789", timeout: "2s" };
  return [
    { id: "ops-critical", topics: ["system.alert"], min_severity: "critical", ...common },
    { id: "risk", topics: ["strategy.rollback", "strategy.promoted"], format: "slack", ...common },
    { id: "fills", topics: ["trade.closed"], types: ["trade_closed"], ...common },
  ];
}

export interface WatchBench {
  /** Environment for every hub process. */
  hubEnv: Record<string, string>;
  engineId: string;
  stop(): void;
}

/** Writes the files into `tmpDir` and starts the sink; `stop()` it at the end of the run. */
export function startWatchBench(tmpDir: string): WatchBench {
  const sink = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response(null, { status: 204 }) });
  const rules = join(tmpDir, "bench-rules.json");
  const hooks = join(tmpDir, "bench-webhooks.json");
  writeFileSync(rules, JSON.stringify({ rules: benchRules() }));
  writeFileSync(hooks, JSON.stringify({ endpoints: benchEndpoints(`http://127.0.0.1:${sink.port}/hook`) }));
  return {
    hubEnv: { ALERT_RULES: rules, WEBHOOKS: hooks },
    engineId: BENCH_ENGINE_ID,
    stop: () => void sink.stop(true),
  };
}
