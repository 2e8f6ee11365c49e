/**
 * Collects incoming items and hands them over once per animation frame, so 1,000 events/s cost
 * ~60 store updates and renders per second instead of 1,000. Browsers pause
 * requestAnimationFrame in background tabs, so the default scheduler also arms a timer, and a
 * backlog beyond `maxPending` is flushed at once: the totals stay right while nobody watches.
 */

/** Runs `cb` once, at the next frame (or whatever the injected scheduler decides). */
export type FrameScheduler = (cb: () => void) => void;

export interface FrameBatcherOptions<T> {
  onFlush: (items: T[]) => void;
  schedule?: FrameScheduler;
  /** Pending items that force a synchronous flush (default 5,000). */
  maxPending?: number;
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

export function createFrameBatcher<T>(options: FrameBatcherOptions<T>): FrameBatcher<T> {
  const schedule = options.schedule ?? animationFrameScheduler;
  const maxPending = options.maxPending ?? 5_000;
  let queue: T[] = [];
  let scheduled = false;

  function flush(): void {
    if (queue.length === 0) return;
    const items = queue;
    queue = [];
    options.onFlush(items);
  }

  return {
    push(item) {
      queue.push(item);
      if (queue.length >= maxPending) return flush();
      if (scheduled) return;
      scheduled = true;
      schedule(() => {
        scheduled = false;
        flush();
      });
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
