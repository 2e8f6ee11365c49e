/**
 * The auto-graduate monitor: strategies start in the sandbox; one that passes the thresholds is
 * promoted to LIVE as a new version (`strategy.promoted`); a live one that degrades is rolled
 * back to the previous version (`strategy.rollback`, version 0 = the original baseline) and goes
 * back to the sandbox to requalify.
 */
import type { AlertData } from "@tickerwire/protocol";
import type { StrategyName } from "../strategies/types.ts";
import type { TradeOutcome } from "../trading/metrics.ts";
import { MetricsAccumulator, summarize } from "../trading/metrics.ts";
import type { Stage } from "./policy.ts";
import { decide, promotionMessage, rollbackMessage } from "./policy.ts";
import type { GraduateThresholds } from "./thresholds.ts";
import { DEFAULT_THRESHOLDS } from "./thresholds.ts";

interface Track {
  stage: Stage;
  /** The live version number; 0 before the first promotion. */
  version: number;
  /** Promotions so far: each one gets a new version number. */
  promotions: number;
  sandbox: MetricsAccumulator;
  /** The latest live trades, at most `rollbackWindow`. */
  live: TradeOutcome[];
}

export class GraduateMonitor {
  private readonly tracks = new Map<StrategyName, Track>();

  constructor(private readonly thresholds: GraduateThresholds = DEFAULT_THRESHOLDS) {}

  stage(strategy: StrategyName): { stage: Stage; version: number } {
    const t = this.track(strategy);
    return { stage: t.stage, version: t.version };
  }

  /** Records a closed trade; returns the promotion or rollback alert it caused, if any. */
  record(strategy: StrategyName, outcome: TradeOutcome): AlertData | null {
    const t = this.track(strategy);
    if (t.stage === "sandbox") {
      t.sandbox.add(outcome);
      const stats = t.sandbox.snapshot();
      if (decide("sandbox", stats, this.thresholds)?.kind !== "promote") return null;
      t.promotions++;
      t.version = t.promotions;
      t.stage = "live";
      t.live = [];
      return {
        message: promotionMessage(stats),
        strategy_name: strategy,
        severity: "info",
        kind: "promoted",
        version: t.version,
      };
    }
    t.live.push(outcome);
    if (t.live.length > this.thresholds.rollbackWindow) t.live.shift();
    const d = decide("live", summarize(t.live), this.thresholds);
    if (d?.kind !== "rollback") return null;
    t.version -= 1; // live versions start at 1, so this is at least 0
    t.stage = "sandbox";
    t.sandbox = new MetricsAccumulator();
    t.live = [];
    return {
      message: rollbackMessage(t.version, d.reason),
      strategy_name: strategy,
      severity: "warning",
      kind: "rollback",
      version: t.version,
      reason: d.reason,
    };
  }

  private track(strategy: StrategyName): Track {
    let t = this.tracks.get(strategy);
    if (!t) {
      t = { stage: "sandbox", version: 0, promotions: 0, sandbox: new MetricsAccumulator(), live: [] };
      this.tracks.set(strategy, t);
    }
    return t;
  }
}
