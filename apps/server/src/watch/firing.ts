/**
 * Fires alerts exactly once, across restarts and instances. A level rule key moves between
 * armed and fired in numbered transitions: transition n+1 first publishes its alert with the
 * idempotency key `hub:watch:<store id>:<key>:<n+1>`, then compare-and-sets the key's state from
 * gen n to n+1. Whoever does either step twice — this process after a crash between them, or a
 * second instance racing it — publishes nothing new (the bus answers the first events, or a
 * conflict when its text differed) and loses the compare-and-set. Event rules fire once per
 * event: key `hub:watch:<store id>:event:<rule>:<epoch>:<seq>`.
 */
import { type Bus, IdempotencyConflictError } from "@tickerwire/bus";
import type { PublishableEvent } from "@tickerwire/protocol";
import type { Logger } from "../logger.ts";
import type { FiredState, WatchStore } from "./store/watch-store.ts";
import { UNFIRED } from "./store/watch-store.ts";

/** Idempotency keys with this prefix are the hub's own; the publish API refuses them. */
export const HUB_KEY_PREFIX = "hub:";

export interface FiringDeps {
  bus: Bus;
  store: WatchStore;
  logger: Logger;
  /** The store's id (`initMeta("id")`): keys of a replaced store never collide with old ones. */
  storeId: string;
  /** Counts each alert this instance published (by rule id), for /metrics. */
  onFired?: (ruleId: string) => void;
}

export class Firing {
  private states = new Map<string, FiredState>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly failing = new Set<string>();

  constructor(private readonly d: FiringDeps) {}

  /** Loads every key's state (on becoming the leader). */
  async load(): Promise<void> {
    this.states = await this.d.store.loadFired();
  }

  state(key: string): FiredState {
    return this.states.get(key) ?? UNFIRED;
  }

  /** Keys currently fired whose name starts with `prefix`. */
  activeKeys(prefix: string): string[] {
    return [...this.states].filter(([k, s]) => s.active && k.startsWith(prefix)).map(([k]) => k);
  }

  /**
   * Moves `key` to `active` unless it is there already or mid-transition; `alert` (if any) goes out
   * first. Failures (bus or store unavailable) leave the state as it was: the next evaluation
   * tries the same transition again, with the same idempotency key.
   */
  transition(key: string, active: boolean, ruleId: string, alert: PublishableEvent | null): void {
    if (this.inFlight.has(key) || this.state(key).active === active) return;
    const from = this.state(key);
    const run = this.run(key, from, active, ruleId, alert).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, run);
  }

  private async run(key: string, from: FiredState, active: boolean, ruleId: string, alert: PublishableEvent | null) {
    const next = { active, gen: from.gen + 1 };
    try {
      if (alert) await this.publish(alert, `${key}:${next.gen}`, ruleId);
      const won = await this.d.store.casFired(key, from.gen, next);
      this.states.set(key, won ? next : await this.d.store.getFired(key));
      if (this.failing.delete(key)) this.d.logger.info("watch: alert state saved again", { key });
    } catch (e) {
      if (!this.failing.has(key)) {
        this.failing.add(key);
        this.d.logger.warn("watch: could not fire or save an alert; retrying", { key, error: e });
      }
    }
  }

  /** Publishes an event rule's alert for one event (once, whoever asks). Rejects when the bus does. */
  fireEvent(ruleId: string, epoch: string, seq: number, alert: PublishableEvent): Promise<void> {
    return this.publish(alert, `event:${ruleId}:${epoch}:${seq}`, ruleId);
  }

  private async publish(alert: PublishableEvent, suffix: string, ruleId: string): Promise<void> {
    const idempotencyKey = `${HUB_KEY_PREFIX}watch:${this.d.storeId}:${suffix}`;
    try {
      const r = await this.d.bus.publish([alert], { idempotencyKey });
      if (!r.duplicate) this.d.onFired?.(ruleId);
    } catch (e) {
      // Another instance (or an earlier life of this one) published it with other wording.
      if (!(e instanceof IdempotencyConflictError)) throw e;
    }
  }

  /** Resolves when every transition in flight has settled (shutdown, tests). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight.values()]);
  }
}
