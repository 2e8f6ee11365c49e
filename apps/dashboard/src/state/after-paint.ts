/**
 * A copy of a signal that follows it once the browser has painted the frame its change caused:
 * what the page shows first (the P&L summary, the open positions) paints in one frame, and what
 * follows it (charts, the tables and lists below) renders after that paint. On a desk of 100
 * strategies and 1,000 positions, rendering everything in one frame held the summary back by
 * the charts' first draw and the layout of thousands of table cells (measured in Chromium).
 * Changes in between coalesce: the copy takes the latest value.
 */
import { effect, type ReadonlySignal, signal } from "@preact/signals";

/** Runs `cb` once, after the next paint (or whatever the injected scheduler decides). */
export type PaintScheduler = (cb: () => void) => void;

/** requestAnimationFrame runs before a paint; a task posted from it runs after that paint. */
export const afterNextPaint: PaintScheduler = (cb) => {
  if (typeof requestAnimationFrame !== "function") {
    setTimeout(cb, 0);
    return;
  }
  requestAnimationFrame(() => setTimeout(cb, 0));
};

export function afterPaintSignal<T>(
  source: ReadonlySignal<T>,
  schedule: PaintScheduler = afterNextPaint,
): ReadonlySignal<T> {
  const out = signal(source.peek());
  let pending = false;
  // Lives as long as the page, like the session.
  effect(() => {
    source.value; // track
    if (pending || Object.is(source.peek(), out.peek())) return;
    pending = true;
    schedule(() => {
      pending = false;
      out.value = source.peek();
    });
  });
  return out;
}
