/**
 * Lag reports, pure: the summary of recent end-to-end latency samples (hub timestamp → delivered
 * here, in the hub's clock) and the rate limit. The ReportMessage shape is protocol's.
 */
import type { ReportMessage } from "@tickerwire/protocol";

export type LatencySummary = ReportMessage["latency_ms"];

/** The schema's ceiling for a latency figure (1 h); anything above is clamped. */
export const MAX_LATENCY_MS = 3_600_000;

const clamp = (ms: number) => Math.round(Math.min(MAX_LATENCY_MS, Math.max(0, ms)) * 10) / 10;

/** Nearest-rank percentile of ascending `sorted` (`p` in 0..100); 0 for no samples. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((Math.min(100, Math.max(0, p)) / 100) * sorted.length);
  return sorted[Math.max(0, rank - 1)] ?? 0;
}

/** p50/p99/max/count of latency samples (ms), clamped to the schema's range, to 0.1 ms. */
export function summarizeLatency(samples: readonly number[]): LatencySummary {
  const finite = samples.filter((s) => Number.isFinite(s));
  const sorted = [...finite].sort((a, b) => a - b);
  return {
    p50: clamp(percentile(sorted, 50)),
    p99: clamp(percentile(sorted, 99)),
    max: clamp(sorted.at(-1) ?? 0),
    count: sorted.length,
  };
}

/** At most one report per interval: due when none was sent yet or a full interval has passed. */
export function reportDue(lastSentAt: number | null, now: number, intervalMs: number): boolean {
  if (intervalMs <= 0) return false;
  return lastSentAt === null || now - lastSentAt >= intervalMs;
}

/** How many hub seqs the client is behind: the newest seq it heard of minus the last it delivered. */
export function lagEvents(hubSeq: number, lastSeq: number): number {
  return Math.max(0, Math.floor(hubSeq - lastSeq));
}
