/** Simple moving average. Series functions return one value per input, NaN until warmed up. */

/**
 * sma[i] = mean(values[i − period + 1 .. i]).
 * @example sma([1, 2, 3, 4], 2) // [NaN, 1.5, 2.5, 3.5]
 */
export function sma(values: readonly number[], period: number): number[] {
  if (!Number.isInteger(period) || period < 1) throw new RangeError(`sma period must be a positive integer`);
  const out = new Array<number>(values.length).fill(Number.NaN);
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i] as number;
    if (i >= period) sum -= values[i - period] as number;
    if (i >= period - 1) out[i] = sum / period;
  }
  return out;
}
