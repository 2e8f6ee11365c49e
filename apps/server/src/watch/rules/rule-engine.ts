/**
 * Evaluates the rules in force: level rules against the ledger (after each committed batch that
 * closed a trade, and on every tick for the UTC day's turn) and against engine liveness (every
 * tick); event rules against each committed event. Transitions go through `Firing` (exactly
 * once); hysteresis is the fired state itself: a fired key fires again only after a reading
 * has brought it back to armed.
 */
import type { StoredEvent } from "@tickerwire/bus";
import type { EngineStatus, RuleStatus } from "@tickerwire/protocol";
import type { EventRule, LedgerRule, Rule } from "../config/rule-file.ts";
import type { Firing } from "../firing.ts";
import { type LedgerView, utcDay } from "../ledger/ledger-view.ts";
import { engineReadings, eventMatch, ledgerReadings, type Reading } from "./conditions.ts";
import { firingAlert, recoveryAlert, wantsRecovery } from "./rule-alert.ts";

type EngineRule = Extract<Rule, { kind: "engine_stale" }>;

export const ruleKey = (ruleId: string, sub: string) => `rule:${ruleId}:${sub}`;

/** One event rule's match, to be published (`Firing.fireEvent`). */
export interface EventFiring {
  rule: EventRule;
  event: StoredEvent;
  reading: Reading;
}

export class RuleEngine {
  private readonly ledgerRules: LedgerRule[];
  private readonly engineRules: EngineRule[];
  readonly eventRules: EventRule[];
  private readonly rollbackRules: EventRule[];
  private readonly signalRules: EventRule[];

  constructor(
    private readonly rules: readonly Rule[],
    private readonly firing: Firing,
    private readonly ledger: LedgerView,
    private readonly now: () => number,
  ) {
    this.ledgerRules = rules.filter((r): r is LedgerRule =>
      ["drawdown", "daily_loss", "loss_streak", "win_rate"].includes(r.kind),
    );
    this.engineRules = rules.filter((r): r is EngineRule => r.kind === "engine_stale");
    this.eventRules = rules.filter((r): r is EventRule => r.kind === "rollback" || r.kind === "signal");
    this.rollbackRules = this.eventRules.filter((r) => r.kind === "rollback");
    this.signalRules = this.eventRules.filter((r) => r.kind === "signal");
  }

  private reconcile(rule: Rule, readings: Map<string, Reading>): void {
    for (const [sub, r] of readings) {
      const key = ruleKey(rule.id, sub);
      if (this.firing.state(key).active === r.active) continue;
      const alert = r.active ? firingAlert(rule, r) : wantsRecovery(rule) ? recoveryAlert(rule, r) : null;
      this.firing.transition(key, r.active, rule.id, alert);
    }
  }

  evaluateLedger(): void {
    const today = utcDay(this.now());
    for (const rule of this.ledgerRules) this.reconcile(rule, ledgerReadings(rule, this.ledger, today));
  }

  evaluateEngines(engines: readonly EngineStatus[]): void {
    for (const rule of this.engineRules) this.reconcile(rule, engineReadings(rule, engines));
  }

  /** Event rules matched by these events, in order. */
  matchEvents(events: readonly StoredEvent[]): EventFiring[] {
    const out: EventFiring[] = [];
    if (this.eventRules.length === 0) return out;
    // Per event on the commit path: only rollback alerts and signals reach the rules.
    for (const event of events) {
      const candidates =
        event.type === "signal"
          ? this.signalRules
          : event.type === "alert" && event.data.kind === "rollback"
            ? this.rollbackRules
            : null;
      if (!candidates) continue;
      for (const rule of candidates) {
        const reading = eventMatch(rule, event);
        if (reading) out.push({ rule, event, reading });
      }
    }
    return out;
  }

  status(): RuleStatus[] {
    return this.rules.map((r) => ({
      id: r.id,
      kind: r.kind,
      active: this.firing.activeKeys(ruleKey(r.id, "")).map((k) => k.slice(ruleKey(r.id, "").length)),
    }));
  }
}

/** True when a batch can change the ledger figures the rules read (a trade closed). */
export function closesTrades(events: readonly StoredEvent[]): boolean {
  for (const e of events) if (e.type === "trade_closed") return true;
  return false;
}
