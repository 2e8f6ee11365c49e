/**
 * Event-loop lag: how late a periodic timer fires. prom-client's own nodejs_eventloop_lag_* rely
 * on perf_hooks.monitorEventLoopDelay, which reports garbage under Bun 1.4, so we measure it here.
 */
export interface LoopLagMonitor {
  /** The latest lag in seconds (0 when on time). */
  seconds(): number;
  /** The worst lag seen since the last `takeMax()`, in seconds. */
  takeMax(): number;
  stop(): void;
}

export function startLoopLagMonitor(intervalMs = 500, now: () => number = () => performance.now()): LoopLagMonitor {
  let expected = now() + intervalMs;
  let last = 0;
  let max = 0;
  const timer = setInterval(() => {
    const t = now();
    last = Math.max(0, t - expected) / 1000;
    max = Math.max(max, last);
    expected = t + intervalMs;
  }, intervalMs);
  // A monitor must not keep the process alive.
  timer.unref?.();
  return {
    seconds: () => last,
    takeMax() {
      const m = max;
      max = last;
      return m;
    },
    stop: () => clearInterval(timer),
  };
}
