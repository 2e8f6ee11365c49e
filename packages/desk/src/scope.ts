/**
 * A view's scope, compiled: which events it admits (the hub's own rule: `matchesFilter` and a
 * topic pattern) and which derived parts it keeps. The ledger needs every close of its
 * strategies (`trade.closed`, type `trade_closed`); positions need their opens and closes too.
 */
import {
  compilePatterns,
  type DeskScope,
  type EventType,
  type Filter,
  matchesFilter,
  TOPICS,
} from "@tickerwire/protocol";

export interface CompiledScope {
  /** True when the scope's client would receive this event. */
  admits(event: { type: EventType; topic: string; data: object }): boolean;
  /** True when a strategy's rows (ledger, metrics, positions) belong to the view. */
  strategy(name: string): boolean;
  topic(topic: string): boolean;
  type(type: EventType): boolean;
  /** Ledger, equity and daily are kept. */
  ledger: boolean;
  /** Positions and marks are kept. */
  positions: boolean;
}

export function compileScope(scope: DeskScope): CompiledScope {
  const filter: Filter | undefined = scope.filter;
  const topic = scope.patterns ? compilePatterns(scope.patterns) : () => true;
  const type = (t: EventType) => !filter?.types || filter.types.includes(t);
  const ledger = type("trade_closed") && topic(TOPICS.tradeClosed);
  return {
    admits: (e) => topic(e.topic) && matchesFilter(filter, e),
    strategy: (name) => !filter?.strategies || filter.strategies.includes(name),
    topic,
    type,
    ledger,
    positions: ledger && type("trade") && topic(TOPICS.tradeExecuted),
  };
}

/** True when the scope narrows nothing. */
export function isWideOpen(scope: DeskScope): boolean {
  const f = scope.filter;
  const patternsOpen = !scope.patterns || scope.patterns.includes(">");
  return patternsOpen && (!f || (!f.strategies && !f.types && f.min_confidence === undefined));
}
