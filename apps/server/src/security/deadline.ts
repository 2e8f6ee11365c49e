/**
 * Calls `fn` at wall-clock time `at`. setTimeout overflows past 2^31-1 ms (~24.8 days: it would
 * fire at once), so long deadlines are re-armed in steps of at most a day.
 */
const STEP_MS = 86_400_000;

export function atDeadline(at: number, fn: () => void, now: () => number = Date.now): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    const left = at - now();
    if (left <= 0) {
      fn();
      return;
    }
    timer = setTimeout(arm, Math.min(left, STEP_MS));
  };
  arm();
  return () => clearTimeout(timer);
}
