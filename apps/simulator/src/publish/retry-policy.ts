/**
 * What to do with a publish answer. The hub makes a retry safe with the Idempotency-Key, so
 * anything that might be temporary is retried; a 4xx says the request itself is wrong, and
 * sending it again cannot help.
 */

export type Verdict = "ok" | "retry" | "fatal";

export function classifyStatus(status: number): Verdict {
  if (status >= 200 && status < 300) return "ok";
  // 408 request timeout and 429 rate limited are the 4xx that mean "later".
  if (status === 408 || status === 429 || status >= 500) return "retry";
  return "fatal";
}
