/**
 * What the alert rules read from the desk's ledger: figures per strategy and for the whole desk,
 * and realized P&L per UTC day. The rules engine depends only on this interface; the hub's desk
 * state provides it through a small adapter (see the README of the watch in the repo README).
 */
import type { Bus, StoredEvent } from "@tickerwire/bus";

export interface Figures {
  /** Closed trades. */
  closed: number;
  wins: number;
  losses: number;
  realizedPnl: number;
  /** Peak realized P&L minus the current one (>= 0). */
  drawdown: number;
  maxDrawdown: number;
  /** Consecutive wins / losses ending with the latest closed trade (one of them is 0). */
  winStreak: number;
  lossStreak: number;
}

export interface LedgerView {
  total(): Figures;
  /** One strategy's figures; undefined when it never closed a trade. */
  strategy(name: string): Figures | undefined;
  /** Every strategy with figures. */
  strategies(): Iterable<string>;
  /** Realized P&L of one UTC day (`YYYY-MM-DD`), of the desk or of one strategy (0 when none). */
  dayPnl(day: string, strategy?: string): number;
}

/**
 * Where the watch gets its ledger: the view, and how it keeps up with the bus. `catchUp` runs once
 * at start and returns the seq the view includes; `apply` then gets every live batch's events
 * after it, in order, before rules are evaluated on them. A ledger folded elsewhere (the hub's
 * desk state) returns its own seq from `catchUp` and makes `apply` a no-op.
 */
export interface LedgerSource {
  readonly view: LedgerView;
  catchUp(bus: Bus): Promise<number>;
  apply(events: readonly StoredEvent[]): void;
}

/** The UTC day of an epoch-ms time, as `YYYY-MM-DD`. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
