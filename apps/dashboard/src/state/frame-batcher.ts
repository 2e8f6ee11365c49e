/**
 * Collects incoming items and hands them over once per animation frame, so 1,000 events/s cost
 * ~60 store updates and renders per second instead of 1,000 — or, with `minIntervalMs`, at most
 * once per that interval: an item after a quiet spell is still handed over at the next frame
 * (leading edge), a stream every `minIntervalMs`. The dashboard paces it with its list refresh:
 * a store that changes at 60 Hz made the page run its rendering lifecycle every frame at 5,000
 * events/s although the lists showed only 4 changes a second (measured in Chromium). Browsers
 * pause requestAnimationFrame in background tabs, so the default scheduler also arms a timer,
 * and a backlog beyond `maxPending` is flushed at once: the totals stay right while nobody watches.
 */

/** Runs `cb` once, at the next frame (or whatever the injected scheduler decides). */
export type FrameScheduler = (cb: () => void) => void;

export interface FrameBatcherOptions<T> {
  onFlush: (items: T[]) => void;
  schedule?: FrameScheduler;
  /** Pending items that force a synchronous flush (default 5,000). */
  maxPending?: number;
  /** Hand over at most once per this many ms (default 0: every frame); a function is asked each time. */
  minIntervalMs?: number | (() => number);
  /** Clock and timer for `minIntervalMs` (default: performance.now, setTimeout). */
  timers?: { now(): number; setTimeout(cb: () => void, ms: number): unknown };
}

export interface FrameBatcher<T> {
  push(item: T): void;
  /** Hands over everything pending now. */
  flush(): void;
  /** Drops everything pending (e.g. events of a history that was just replaced). */
  clear(): void;
  readonly pending: number;
}

/** requestAnimationFrame, with a timer as a fallback for hidden tabs (throttled to ≥1 s there). */
export const animationFrameScheduler: FrameScheduler = (cb) => {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    cb();
  };
  if (typeof requestAnimationFrame === "function") requestAnimationFrame(once);
  setTimeout(once, 250);
};

const defaultTimers = {
  now: () => performance.now(),
  setTimeout: (cb: () => void, ms: number): unknown => setTimeout(cb, ms),
};

export function createFrameBatcher<T>(options: FrameBatcherOptions<T>): FrameBatcher<T> {
  const schedule = options.schedule ?? animationFrameScheduler;
  const maxPending = options.maxPending ?? 5_000;
  const minInterval = options.minIntervalMs ?? 0;
  const intervalMs = typeof minInterval === "function" ? minInterval : () => minInterval;
  const timers = options.timers ?? defaultTimers;
  let queue: T[] = [];
  let scheduled = false;
  let lastFlush = Number.NEGATIVE_INFINITY;

  function flush(): void {
    if (queue.length === 0) return;
    const items = queue;
    queue = [];
    lastFlush = timers.now();
    options.onFlush(items);
  }

  const atFrame = () =>
    schedule(() => {
      scheduled = false;
      flush();
    });

  return {
    push(item) {
      queue.push(item);
      if (queue.length >= maxPending) return flush();
      if (scheduled) return;
      scheduled = true;
      const interval = intervalMs();
      const wait = interval > 0 ? lastFlush + interval - timers.now() : 0;
      if (wait <= 0) atFrame();
      else timers.setTimeout(atFrame, wait);
    },
    flush,
    clear() {
      queue = [];
    },
    get pending() {
      return queue.length;
    },
  };
}
