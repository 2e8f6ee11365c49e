/**
 * A desk state to and from JSON, for the hub's checkpoints and snapshots. Parsing validates the
 * schema and the invariants the fold relies on (positions in seq order with unique trade ids,
 * every part within the state's own limits), so a damaged checkpoint is refused with the reason
 * instead of being folded into wrong figures.
 */
import { DeskState, OTHER_STRATEGIES } from "@tickerwire/protocol";

export class DeskStateError extends Error {
  override readonly name = "DeskStateError";
  constructor(
    message: string,
    /** Where and what, e.g. `positions.3.seq: must be greater than the previous position's`. */
    readonly issues: readonly string[],
  ) {
    super(issues.length > 0 ? `${message}: ${issues.slice(0, 5).join("; ")}` : message);
  }
}

/** The state as JSON (every number is finite, so nothing is lost). */
export function serializeDesk(state: DeskState): string {
  return JSON.stringify(state);
}

/** Reads a state written by `serializeDesk`; throws DeskStateError when it is not one. */
export function parseDesk(json: string): DeskState {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    throw new DeskStateError("not a desk state: invalid JSON", [String((err as Error).message)]);
  }
  const r = DeskState.safeParse(raw);
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new DeskStateError("not a desk state", issues);
  }
  const broken = invariantIssues(r.data);
  if (broken.length > 0) throw new DeskStateError("inconsistent desk state", broken);
  return r.data;
}

/** What the schema cannot say: order, uniqueness, and sizes within `limits`. */
export function invariantIssues(s: DeskState): string[] {
  const issues: string[] = [];
  const over = (path: string, n: number, max: number) => {
    if (n > max) issues.push(`${path}: ${n} entries, over the limit of ${max}`);
  };
  const ids = new Set<string>();
  let prev = 0;
  s.positions.forEach((p, i) => {
    if (p.seq <= prev) issues.push(`positions.${i}.seq: must be greater than the previous position's`);
    if (p.seq > s.seq) issues.push(`positions.${i}.seq: after the state's seq ${s.seq}`);
    if (ids.has(p.trade_id)) issues.push(`positions.${i}.trade_id: ${p.trade_id} is open twice`);
    ids.add(p.trade_id);
    prev = p.seq;
  });
  const l = s.limits;
  over("positions", s.positions.length, l.positions);
  over("marks", Object.keys(s.marks).length, l.symbols);
  over("metrics", Object.keys(s.metrics).length, l.strategies);
  over("candles", Object.keys(s.candles).length, l.series);
  for (const [k, bars] of Object.entries(s.candles)) over(`candles.${k}`, bars.length, l.bars);
  const strategies = Object.keys(s.ledger.by_strategy).filter((k) => k !== OTHER_STRATEGIES);
  over("ledger.by_strategy", strategies.length, l.strategies);
  over("equity", s.equity.length, l.equity_points);
  over("daily", s.daily.length, l.days);
  for (const k of ["signal", "trade", "alert"] as const) over(`recent.${k}`, s.recent[k].length, l.recent);
  if (s.by_strategy_series) {
    for (const [k, series] of Object.entries(s.by_strategy_series)) {
      if (!Object.hasOwn(s.ledger.by_strategy, k)) issues.push(`by_strategy_series.${k}: no ledger entry`);
      over(`by_strategy_series.${k}.equity`, series.equity.length, l.strategy_points);
      over(`by_strategy_series.${k}.daily`, series.daily.length, l.days);
    }
    for (const k of Object.keys(s.ledger.by_strategy)) {
      if (!Object.hasOwn(s.by_strategy_series, k)) issues.push(`by_strategy_series: ${k} is missing`);
    }
  }
  return issues;
}
