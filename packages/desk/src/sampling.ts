/**
 * Bounded realized-equity curves: one point per `stride` closes, the last point always the exact
 * current value. When the curve outgrows its bound, every other point goes and the stride
 * doubles, so a curve of any history stays between bound/2 and bound points. The rule reads only
 * the curve and its `Sampling`, both in the state, so a curve rebuilt from a snapshot and then
 * fed the tail equals the curve fed everything.
 */
import type { EquityPoint, Sampling } from "@tickerwire/protocol";

export function initialSampling(): Sampling {
  return { stride: 1, skipped: 0 };
}

/** Records the curve's value after a close (`points` oldest first, at most `max` points). */
export function addPoint(points: EquityPoint[], s: Sampling, max: number, seq: number, t: number, value: number): void {
  const last = points[points.length - 1];
  if (s.skipped > 0 && last !== undefined) {
    // The last point stands for closes since the last kept one: move it to this close.
    last[0] = seq;
    last[1] = t;
    last[2] = value;
  } else {
    points.push([seq, t, value]);
  }
  s.skipped = s.skipped + 1 >= s.stride ? 0 : s.skipped + 1;
  if (points.length > max) {
    halve(points);
    s.stride *= 2;
  }
}

/** Keeps every other point (odd positions) and always the last one, in place. */
export function halve(points: EquityPoint[]): void {
  const n = points.length;
  let j = 0;
  for (let i = 1; i < n; i += 2) points[j++] = points[i] as EquityPoint;
  if (n % 2 === 1) points[j++] = points[n - 1] as EquityPoint;
  points.length = j;
}
