/**
 * A sleep that ends early (resolving, not rejecting) when the signal aborts. Even 0 ms goes
 * through a timer, so a loop that sleeps 0 still lets I/O and other timers run.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    signal?.addEventListener("abort", done, { once: true });
  });
}
