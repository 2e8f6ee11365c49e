/**
 * Exponential backoff with full jitter: delay = random() × min(max, min × factor^attempt).
 * See https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/ — full jitter
 * spreads the retries of many publishers that lost the hub at the same moment.
 */

export interface BackoffOptions {
  minMs: number;
  maxMs: number;
  factor: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { minMs: 200, maxMs: 10_000, factor: 2 };

/** The delay before retry number `attempt` (0 = the first retry). */
export function backoffDelay(attempt: number, random: () => number, o: BackoffOptions = DEFAULT_BACKOFF): number {
  const ceiling = Math.min(o.maxMs, o.minMs * o.factor ** Math.max(0, attempt));
  return Math.floor(random() * ceiling);
}
