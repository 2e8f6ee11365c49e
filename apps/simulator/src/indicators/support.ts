/** Support and resistance as rolling extremes: the lowest low / highest high of the last `period` candles. */

function rolling(values: readonly number[], period: number, pick: (a: number, b: number) => number): number[] {
  if (!Number.isInteger(period) || period < 1) throw new RangeError(`rolling period must be a positive integer`);
  const out = new Array<number>(values.length).fill(Number.NaN);
  for (let i = period - 1; i < values.length; i++) {
    let m = values[i] as number;
    for (let j = i - period + 1; j < i; j++) m = pick(m, values[j] as number);
    out[i] = m;
  }
  return out;
}

/** Support: rollingLow[i] = min(values[i − period + 1 .. i]). */
export function rollingLow(values: readonly number[], period: number): number[] {
  return rolling(values, period, Math.min);
}

/** Resistance: rollingHigh[i] = max(values[i − period + 1 .. i]). */
export function rollingHigh(values: readonly number[], period: number): number[] {
  return rolling(values, period, Math.max);
}
