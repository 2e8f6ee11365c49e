/**
 * A follower whose cursor is older than anything the leader still holds (a tab opened with
 * `resume`, or one that moved to another group) asks the hub itself, once: a temporary connection
 * resuming from its cursor, closed as soon as the hub says `replayed`. Bounded in time.
 *
 * Snapshot mode without a cursor (a fresh tab the leader cannot start from its own snapshot): the
 * temporary connection starts live with `snapshot=1` and is closed at the snapshot. Its seq S is at
 * least that of every event the leader relayed before this tab listened (the hub had sent those
 * already when it took the snapshot), and every later one is held back by the follower and applied
 * after it (those at or below S dropped by seq): no gap, no repeat.
 */
import type { HubClient } from "../types.ts";
import type { RoleContext } from "./role.ts";

export const CATCH_UP_TIMEOUT_MS = 30_000;

export class CatchUp {
  readonly #client: HubClient;
  readonly #offs: (() => void)[];
  readonly #timer: unknown;
  #done = false;

  /** `onDone(true)` after the hub's `replayed`; `onDone(false)` when refused or out of time. */
  constructor(
    private readonly ctx: RoleContext,
    private readonly onDone: (ok: boolean) => void,
    timeoutMs = CATCH_UP_TIMEOUT_MS,
  ) {
    const { core } = ctx;
    const liveStart = core.snapshots && core.cursor === null;
    this.#client = ctx.open({ reportIntervalMs: 0 });
    this.#offs = [
      this.#client.on("snapshot", (m) => {
        core.snapshot(m);
        if (liveStart) this.#finish(true);
      }),
      this.#client.on("event", (e) => core.deliver(e)),
      this.#client.on("replayed", (m) => {
        core.replayed(m);
        this.#finish(true);
      }),
      this.#client.on("error", (e) => ctx.log.debug?.(`catch-up: ${e.code}: ${e.message}`)),
      this.#client.on("state", (s) => {
        if (s.to === "closed") this.#finish(false);
      }),
    ];
    this.#timer = ctx.env.setTimeout(() => this.#finish(false), timeoutMs);
  }

  stop(): void {
    if (this.#done) return;
    this.#done = true;
    this.ctx.env.clearTimeout(this.#timer);
    for (const off of this.#offs) off();
    this.#client.close();
  }

  #finish(ok: boolean): void {
    if (this.#done) return;
    this.stop();
    this.onDone(ok);
  }
}
