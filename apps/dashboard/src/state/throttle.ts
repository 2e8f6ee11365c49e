/**
 * A read-only copy of a signal that follows it at most once per `ms` (leading and trailing
 * edge): a lone change shows at once, a stream of changes shows every `ms`. Used for the
 * panel lists, whose repaint is the costly part of a frame at 1,000 events/s, while the summary
 * and status follow every frame. `ms <= 0` returns the source itself.
 */
import { effect, type ReadonlySignal, signal } from "@preact/signals";

export interface Timers {
  now(): number;
  setTimeout(cb: () => void, ms: number): unknown;
}

export const realTimers: Timers = {
  now: () => performance.now(),
  setTimeout: (cb, ms) => setTimeout(cb, ms),
};

export function throttleSignal<T>(
  source: ReadonlySignal<T>,
  ms: number,
  timers: Timers = realTimers,
): ReadonlySignal<T> {
  if (ms <= 0) return source;
  const out = signal(source.peek());
  let last = Number.NEGATIVE_INFINITY;
  let pending = false;
  const publish = () => {
    pending = false;
    last = timers.now();
    out.value = source.peek();
  };
  // Lives as long as the page (the session is never torn down but on hot reload).
  effect(() => {
    source.value; // track
    if (pending) return;
    const wait = last + ms - timers.now();
    if (wait <= 0) publish();
    else {
      pending = true;
      timers.setTimeout(publish, wait);
    }
  });
  return out;
}
