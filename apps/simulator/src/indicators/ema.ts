/** Exponential moving average, seeded with the SMA of its first `period` values (the usual convention). */

/**
 * ema[i] = α·values[i] + (1 − α)·ema[i − 1], α = 2 / (period + 1). Leading NaNs in the input (e.g.
 * a MACD line still warming up) are skipped: the seed is the mean of the first `period` numbers.
 */
export function ema(values: readonly number[], period: number): number[] {
  if (!Number.isInteger(period) || period < 1) throw new RangeError(`ema period must be a positive integer`);
  const out = new Array<number>(values.length).fill(Number.NaN);
  const first = values.findIndex((v) => !Number.isNaN(v));
  if (first < 0 || values.length - first < period) return out;
  const alpha = 2 / (period + 1);
  let prev = 0;
  for (let i = first; i < first + period; i++) prev += values[i] as number;
  prev /= period;
  out[first + period - 1] = prev;
  for (let i = first + period; i < values.length; i++) {
    prev = alpha * (values[i] as number) + (1 - alpha) * prev;
    out[i] = prev;
  }
  return out;
}
