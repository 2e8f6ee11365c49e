/** A `system.alert` for a volatility regime change; its severity grows with the volatility multiplier. */
import type { AlertData } from "@tickerwire/protocol";
import type { Regime } from "./regime.ts";

/** Severity by magnitude: ×4 or more is critical, ×2.5 or more a warning; calming down is info. */
export function regimeSeverity(to: Regime): AlertData["severity"] {
  if (to.name === "calm") return "info";
  if (to.multiplier >= 4) return "critical";
  if (to.multiplier >= 2.5) return "warning";
  return "info";
}

export function regimeAlert(symbol: string, from: Regime, to: Regime): AlertData {
  const message =
    to.name === "volatile"
      ? `${symbol} volatility regime: ${from.name} → volatile (σ ×${to.multiplier.toFixed(1)})`
      : `${symbol} volatility regime: volatile → calm`;
  return { message, severity: regimeSeverity(to), kind: "system" };
}
