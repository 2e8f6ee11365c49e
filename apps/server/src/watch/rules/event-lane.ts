/**
 * Event rules (rollback, signal) fire once per matching event, also across a crash: a cursor in the
 * watch store says through which seq every match has been published. It only moves past a seq
 * once that seq's alerts are out; a new leader (or this hub after a restart) first replays the
 * history after the cursor, and re-publishing what was already out is harmless (idempotency keys).
 */
import type { Bus, StoredEvent } from "@tickerwire/bus";
import type { Logger } from "../../logger.ts";
import type { Firing } from "../firing.ts";
import type { WatchStore } from "../store/watch-store.ts";
import { firingAlert } from "./rule-alert.ts";
import type { EventFiring, RuleEngine } from "./rule-engine.ts";

/** Topics event rules can match: only these are read back from history. */
const EVENT_RULE_TOPICS = ["strategy.*.signal", "strategy.rollback"];

export class EventLane {
  /** Seqs with alerts not yet published, and how many each has. */
  private readonly pending = new Map<number, number>();
  private retry: EventFiring[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  /** The last seq handed to `onBatch` (or covered by the catch-up). */
  private through = 0;
  private saved = 0;
  private catchingUp = false;
  private warned = false;

  constructor(
    private readonly d: { engine: RuleEngine; firing: Firing; store: WatchStore; bus: Bus; logger: Logger },
  ) {}

  private get cursorName(): string {
    return `rules@${this.d.bus.epoch}`;
  }

  private get active(): boolean {
    return this.d.engine.eventRules.length > 0;
  }

  /** On becoming the leader: replays history after the stored cursor up to `liveSeq`. */
  async start(liveSeq: number): Promise<void> {
    this.through = Math.max(this.through, liveSeq);
    if (!this.active) return;
    const cursor = await this.d.store.getCursor(this.cursorName);
    if (cursor === null || cursor >= liveSeq) {
      // First start with these rules (older history is not alerted on), or nothing missed.
      await this.d.store.advanceCursor(this.cursorName, liveSeq);
      this.saved = Math.max(cursor ?? 0, liveSeq);
      return;
    }
    this.saved = cursor;
    this.catchingUp = true;
    try {
      let after = cursor;
      while (after < liveSeq) {
        const page = await this.d.bus.history({ after, patterns: EVENT_RULE_TOPICS, limit: 1000 });
        const events = page.events.filter((e) => e.seq <= liveSeq);
        for (const m of this.d.engine.matchEvents(events)) this.fire(m);
        if (!page.hasMore || page.nextAfter <= after) break;
        after = page.nextAfter;
      }
    } finally {
      this.catchingUp = false;
    }
  }

  /** A committed batch (leader only). */
  onBatch(events: readonly StoredEvent[]): void {
    const last = events[events.length - 1];
    if (!last) return;
    this.through = Math.max(this.through, last.seq);
    if (!this.active) return;
    for (const m of this.d.engine.matchEvents(events)) this.fire(m);
  }

  private fire(m: EventFiring): void {
    const seq = m.event.seq;
    this.pending.set(seq, (this.pending.get(seq) ?? 0) + 1);
    const p = this.d.firing.fireEvent(m.rule.id, this.d.bus.epoch, seq, firingAlert(m.rule, m.reading)).then(
      () => {
        this.decrement(seq);
        this.warned = false;
      },
      (e: unknown) => {
        this.retry.push(m);
        if (!this.warned)
          this.d.logger.warn("watch: an event rule's alert could not be published; retrying", { error: e });
        this.warned = true;
      },
    );
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  /** Resolves when every alert in flight has settled (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Every tick: retries failed alerts and saves the cursor as far as every alert is out. */
  async tick(): Promise<void> {
    if (!this.active || this.catchingUp) return;
    const again = this.retry;
    this.retry = [];
    for (const m of again) {
      this.decrement(m.event.seq);
      this.fire(m);
    }
    const cursor = this.pending.size > 0 ? Math.min(...this.pending.keys()) - 1 : this.through;
    if (cursor > this.saved) {
      await this.d.store.advanceCursor(this.cursorName, cursor);
      this.saved = cursor;
    }
  }

  private decrement(seq: number): void {
    const left = (this.pending.get(seq) ?? 1) - 1;
    if (left > 0) this.pending.set(seq, left);
    else this.pending.delete(seq);
  }
}
