/** Candle intervals as written in topics (`1m`, `15s`, `1h`) and their length in milliseconds. */

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

export class IntervalError extends Error {
  override readonly name = "IntervalError";
}

/**
 * Parses `<n><s|m|h|d>` into milliseconds.
 * @example parseInterval("1m") // 60000
 */
export function parseInterval(interval: string): number {
  const m = /^(\d{1,4})([smhd])$/.exec(interval);
  if (!m) throw new IntervalError(`invalid interval "${interval}": use <number><s|m|h|d>, e.g. 1m`);
  const n = Number(m[1]);
  if (n <= 0) throw new IntervalError(`invalid interval "${interval}": must be positive`);
  return n * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}

/** The start of the interval that contains `time`. */
export function floorTo(time: number, intervalMs: number): number {
  return Math.floor(time / intervalMs) * intervalMs;
}
