/**
 * Delay before a webhook delivery's next attempt: exponential from 1 s, capped (60 s unless the
 * endpoint's `max_retry_delay` says otherwise), with
 * "equal jitter" (half fixed, half random) so endpoints that failed together do not retry in step
 * (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/). Pure.
 */
export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
}

/** `attempt` is the number of failed attempts so far (1 after the first failure). */
export function retryDelayMs(attempt: number, random: () => number, o: BackoffOptions = {}): number {
  const base = o.baseMs ?? 1_000;
  const max = o.maxMs ?? 60_000;
  const d = Math.min(max, base * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  return Math.round(d / 2 + random() * (d / 2));
}
