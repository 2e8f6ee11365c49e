/**
 * Event-loop lag of this process: how late a 100 ms timer fires. When the load generator is
 * saturated its own delays show up as "latency", so the report says so instead of blaming the hub.
 */
import { LatencyHistogram } from "./histogram.ts";

export interface LoopLagMonitor {
  readonly histogram: LatencyHistogram;
  stop(): void;
}

export function monitorLoopLag(intervalMs = 100, now: () => number = Date.now): LoopLagMonitor {
  const histogram = new LatencyHistogram();
  let expected = now() + intervalMs;
  const timer = setInterval(() => {
    const t = now();
    histogram.record(t - expected);
    expected = t + intervalMs;
  }, intervalMs);
  return { histogram, stop: () => clearInterval(timer) };
}

/** A warning when the lag says the measurements include this process's own delays. */
export function loopLagWarning(h: LatencyHistogram, hint: string, who = "", thresholdMs = 50): string | null {
  const p99 = h.percentile(99);
  if (p99 <= thresholdMs) return null;
  const part = who ? ` (${who})` : "";
  return `the load generator itself was saturated${part} (event-loop lag p99 ${p99} ms, max ${h.max} ms): latencies include its own delay; ${hint}`;
}
