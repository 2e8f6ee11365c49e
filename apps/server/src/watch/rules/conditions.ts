/**
 * What each rule says about the desk right now (pure). A level rule gives one reading per key —
 * `total`, a strategy, or an engine — with whether its condition holds and the detail for the
 * alert text; an event rule says whether one event matches it.
 */
import type { StoredEvent } from "@tickerwire/bus";
import type { EngineStatus } from "@tickerwire/protocol";
import type { EventRule, LedgerRule, Rule } from "../config/rule-file.ts";
import type { Figures, LedgerView } from "../ledger/ledger-view.ts";

export interface Reading {
  active: boolean;
  /** e.g. "drawdown 612.50 beyond 500". */
  detail: string;
  strategy?: string;
  engine?: string;
}

/** The key of a desk-wide reading (strategies and engines use their names). */
export const TOTAL = "total";

const money = (n: number) => n.toFixed(2);
/** Seconds as people read them: one decimal below 10 s ("6.4 s"), whole seconds above. */
export const seconds = (s: number) => (s < 10 ? s.toFixed(1) : String(Math.floor(s)));

/** The condition of a ledger rule on one set of figures (and that key's P&L today). */
export function ledgerCondition(rule: LedgerRule, f: Figures, todayPnl: number): Omit<Reading, "strategy"> {
  switch (rule.kind) {
    case "drawdown": {
      const active = f.drawdown > rule.above;
      return { active, detail: `drawdown ${money(f.drawdown)} ${active ? "beyond" : "within"} ${rule.above}` };
    }
    case "daily_loss": {
      const active = -todayPnl > rule.above;
      return {
        active,
        detail: `loss today ${money(Math.max(0, -todayPnl))} ${active ? "beyond" : "within"} ${rule.above}`,
      };
    }
    case "loss_streak":
      return { active: f.lossStreak >= rule.count, detail: `${f.lossStreak} losses in a row (limit ${rule.count})` };
    case "win_rate": {
      const rate = f.closed > 0 ? f.wins / f.closed : 0;
      const active = f.closed >= rule.min_trades && rate < rule.below;
      const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
      return {
        active,
        detail: `win rate ${pct(rate)} ${active ? "below" : "against a floor of"} ${pct(rule.below)} after ${f.closed} trades`,
      };
    }
    default: {
      const never: never = rule;
      return never;
    }
  }
}

/**
 * Readings of a ledger rule, by key: the desk total, one named strategy (none until it has
 * figures: a rule on a strategy that never traded is allowed and quiet), or each strategy.
 */
export function ledgerReadings(rule: LedgerRule, view: LedgerView, today: string): Map<string, Reading> {
  const out = new Map<string, Reading>();
  const read = (name: string | undefined) => {
    const f = name === undefined ? view.total() : view.strategy(name);
    if (!f) return;
    const r = ledgerCondition(rule, f, view.dayPnl(today, name));
    out.set(name ?? TOTAL, name === undefined ? r : { ...r, strategy: name });
  };
  if (rule.strategy === undefined) read(undefined);
  else if (rule.strategy === "*") for (const s of view.strategies()) read(s);
  else read(rule.strategy);
  return out;
}

/** Readings of an engine_stale rule: one per watched engine (all, or the one it names). */
export function engineReadings(
  rule: Extract<Rule, { kind: "engine_stale" }>,
  engines: readonly EngineStatus[],
): Map<string, Reading> {
  const out = new Map<string, Reading>();
  for (const e of engines) {
    if (e.grace_s === null || (rule.engine !== undefined && e.engine !== rule.engine)) continue;
    const stale = e.state === "stale";
    out.set(e.engine, {
      active: stale,
      detail: stale
        ? `engine ${e.engine} silent for ${seconds(e.silent_s)} s (grace ${e.grace_s} s)`
        : `engine ${e.engine} last seen ${seconds(e.silent_s)} s ago (grace ${e.grace_s} s)`,
      engine: e.engine,
    });
  }
  return out;
}

/** Whether an event triggers an event rule; the alert detail when it does. */
export function eventMatch(rule: EventRule, e: StoredEvent): Reading | null {
  const strategyOk = (name: string | undefined) =>
    rule.strategy === undefined || rule.strategy === "*" || rule.strategy === name;
  if (rule.kind === "rollback") {
    if (e.type !== "alert" || e.data.kind !== "rollback" || !strategyOk(e.data.strategy_name)) return null;
    const who = e.data.strategy_name ?? "a strategy";
    return { active: true, detail: `${who} rolled back: ${e.data.message}`, ...strategyField(e.data.strategy_name) };
  }
  if (e.type !== "signal" || !strategyOk(e.data.strategy_name)) return null;
  if (e.data.confidence < rule.min_confidence || (rule.action !== undefined && e.data.action !== rule.action)) {
    return null;
  }
  return {
    active: true,
    detail: `${e.data.strategy_name} ${e.data.action} at ${e.data.price} with confidence ${e.data.confidence} (at least ${rule.min_confidence})`,
    strategy: e.data.strategy_name,
  };
}

function strategyField(name: string | undefined): { strategy?: string } {
  return name === undefined ? {} : { strategy: name };
}
