/**
 * Which followers the leader believes are listening: each `hello` or `here` heartbeat renews a
 * follower until `ttlMs` from then, a `gone` removes it. With nobody present the leader relays
 * nothing. A follower dropped by mistake (its heartbeats throttled in a hidden tab) heals itself:
 * it sees a jump in the relay positions and says hello again (follower.ts). The clock is a parameter.
 */

/** How long one heartbeat keeps a follower counted (several heartbeats, see follower.ts). */
export const FOLLOWER_TTL_MS = 20_000;

export class Audience {
  readonly #until = new Map<string, number>();

  constructor(private readonly ttlMs = FOLLOWER_TTL_MS) {}

  seen(id: string, now: number): void {
    this.#until.set(id, now + this.ttlMs);
  }

  gone(id: string): void {
    this.#until.delete(id);
  }

  /** True while at least one follower is present; forgets the expired ones. */
  any(now: number): boolean {
    for (const [id, until] of this.#until) if (until <= now) this.#until.delete(id);
    return this.#until.size > 0;
  }
}
