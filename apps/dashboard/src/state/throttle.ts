/**
 * A read-only copy of a signal that follows it at most once per `ms` (leading and trailing
 * edge): a lone change shows at once, a stream of changes shows every `ms`. Used for everything
 * on screen that moves with the event stream (lists, charts, summary, status numbers): at 1,000
 * events/s a frame that changes no DOM costs no style, layout or paint. `ms <= 0` returns the
 * source itself.
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

/**
 * A call due within this many ms runs at once: the frame batcher applies events every `ms`
 * (session.ts), so each throttled copy sees its source change about `ms` after its last run;
 * without the slack, a change a few ms early waited for a timer of its own and rendered apart.
 */
export const THROTTLE_SLACK_MS = 16;

/**
 * `fn`, called at most once per `ms` (leading and trailing edge, give or take THROTTLE_SLACK_MS):
 * the first call runs at once, calls within `ms` of the last run collapse into one run when `ms`
 * has passed.
 */
export function throttled(fn: () => void, ms: number, timers: Timers = realTimers): () => void {
  if (ms <= 0) return fn;
  let last = Number.NEGATIVE_INFINITY;
  let pending = false;
  const run = () => {
    pending = false;
    last = timers.now();
    fn();
  };
  return () => {
    if (pending) return;
    const wait = last + ms - timers.now();
    if (wait <= Math.min(THROTTLE_SLACK_MS, ms / 4)) run();
    else {
      pending = true;
      timers.setTimeout(run, wait);
    }
  };
}

export function throttleSignal<T>(
  source: ReadonlySignal<T>,
  ms: number,
  timers: Timers = realTimers,
): ReadonlySignal<T> {
  if (ms <= 0) return source;
  const out = signal(source.peek());
  const publish = throttled(
    () => {
      out.value = source.peek();
    },
    ms,
    timers,
  );
  // Lives as long as the page (the session is never torn down but on hot reload). Its first run
  // only subscribes (`out` starts equal), so the first real change still shows at once.
  let subscribed = false;
  effect(() => {
    source.value; // track
    if (subscribed) publish();
    subscribed = true;
  });
  return out;
}
