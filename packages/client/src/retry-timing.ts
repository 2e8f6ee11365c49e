/**
 * When the Connector tries again: the backoff attempt count — grown by each failed round, kept
 * across phases, reset by a connection that stayed up `resetAfterMs` — bounded by how long the
 * client has been away (a crowd dropped by a 1 s outage does not wait out 8 s ceilings), and, when
 * the device is back online, a sooner moment for a retry still far off. Delays come from
 * backoff.ts; the clock and randomness are injected.
 */
import { attemptAfterDrop, type BackoffPolicy, backoffDelay } from "./backoff.ts";

/** After the device comes back online, a pending retry happens within this many ms. */
export const ONLINE_RETRY_JITTER_MS = 1_000;

export class RetryTiming {
  #attempt = 0;
  /**
   * When (env.now) the client last lost a healthy connection (one that stayed up resetAfterMs),
   * or first failed to connect; null before that. A client that flaps (connects, is dropped at
   * once) stays "away" and keeps backing off.
   */
  #awaySince: number | null = null;

  constructor(
    private readonly policy: BackoffPolicy,
    private readonly env: { now(): number; random(): number },
  ) {}

  /** Failed rounds since the last connection that lasted. */
  get attempt(): number {
    return this.#attempt;
  }

  /** The delay before the next round; each call counts one more attempt. */
  next(): number {
    const now = this.env.now();
    this.#awaySince ??= now;
    const delay = backoffDelay(this.#attempt, this.policy, this.env.random, now - this.#awaySince);
    this.#attempt++;
    return delay;
  }

  /** An open connection ended: one that stayed up resetAfterMs proves the hub healthy, so delays start small again. */
  dropped(connectedAt: number): void {
    const now = this.env.now();
    this.#attempt = attemptAfterDrop(this.#attempt, connectedAt, now, this.policy);
    // A healthy connection ended: a new time away starts. A flapping one counts as still away.
    if (this.#awaySince === null || now - connectedAt >= this.policy.resetAfterMs) this.#awaySince = now;
  }

  /**
   * Back online: a retry waiting out a long backoff (up to `maxMs`) for `due` happens within a
   * second instead, at a random point of it so an office coming back online does not reconnect
   * in one millisecond; null when it is due sooner anyway. The attempt count is kept: if the hub
   * is still away, the backoff goes on growing.
   */
  sooner(due: number): number | null {
    const soon = Math.floor(this.env.random() * ONLINE_RETRY_JITTER_MS);
    return due - this.env.now() <= soon ? null : soon;
  }
}
