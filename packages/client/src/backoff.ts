/**
 * Reconnect delays: exponential backoff with "full jitter", as in
 * https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/ —
 * `delay = random() * min(max, min * factor^attempt)`. Jitter spreads a crowd of clients that
 * lost the same hub so they do not all come back in the same millisecond.
 *
 * The ceiling is also never longer than the client has been without a connection (and never
 * under `minMs`): while a hub restarts, refusals come back in a millisecond, so counting attempts
 * alone let some clients of a crowd reach an 8 s ceiling within the first second of a one-second
 * outage, and be back only ~7 s after the hub was (measured: the bench's resume workload, 5,000
 * clients). Bounded by the time away, nobody waits much longer than the outage has lasted, and
 * a long outage still backs off to `maxMs`.
 */

export interface BackoffPolicy {
  minMs: number;
  maxMs: number;
  factor: number;
  resetAfterMs: number;
}

/** The delay curve alone (what `backoffDelay` needs): also the simulator's publish retries. */
export type BackoffCurve = Pick<BackoffPolicy, "minMs" | "maxMs" | "factor">;

export const DEFAULT_BACKOFF: BackoffPolicy = { minMs: 500, maxMs: 30_000, factor: 2, resetAfterMs: 10_000 };

/** The ceiling for the given attempt (0-based): min(max, min * factor^attempt). */
export function backoffCeiling(attempt: number, policy: BackoffCurve): number {
  const n = Math.max(0, Math.floor(attempt));
  const grown = policy.minMs * policy.factor ** n;
  return Math.min(policy.maxMs, Number.isFinite(grown) ? grown : policy.maxMs);
}

/**
 * A full-jitter delay in [0, ceiling) for the given attempt; `random` returns [0, 1). `awayMs`:
 * how long the client has been without a connection; the ceiling is at most max(minMs, awayMs).
 */
export function backoffDelay(
  attempt: number,
  policy: BackoffCurve,
  random: () => number,
  awayMs: number = Number.POSITIVE_INFINITY,
): number {
  const raw = random();
  // A broken random() must not produce NaN or a negative delay; err on the patient side.
  const r = Number.isFinite(raw) ? Math.min(Math.max(raw, 0), 1) : 1;
  const away = Number.isNaN(awayMs) ? Number.POSITIVE_INFINITY : Math.max(0, awayMs);
  return Math.floor(r * Math.min(backoffCeiling(attempt, policy), Math.max(policy.minMs, away)));
}

/**
 * The attempt counter to continue with after a connection ended: a connection that stayed up
 * for resetAfterMs proves the hub healthy again, so the next delay starts small.
 */
export function attemptAfterDrop(
  attempt: number,
  openedAt: number,
  closedAt: number,
  policy: Pick<BackoffPolicy, "resetAfterMs">,
): number {
  return closedAt - openedAt >= policy.resetAfterMs ? 0 : attempt;
}
