/**
 * Relative Strength Index with Wilder's smoothing (J. Welles Wilder, 1978): the first average
 * gain/loss is the plain mean of the first `period` changes, then avg = (prev·(period − 1) + x) / period.
 */

/** RSI in 0..100; 100 when there were no losses, 50 when the price did not move at all. */
export function rsi(values: readonly number[], period = 14): number[] {
  if (!Number.isInteger(period) || period < 1) throw new RangeError(`rsi period must be a positive integer`);
  const out = new Array<number>(values.length).fill(Number.NaN);
  if (values.length <= period) return out;
  let gain = 0;
  let loss = 0;
  for (let i = 1; i <= period; i++) {
    const d = (values[i] as number) - (values[i - 1] as number);
    if (d > 0) gain += d;
    else loss -= d;
  }
  gain /= period;
  loss /= period;
  out[period] = toRsi(gain, loss);
  for (let i = period + 1; i < values.length; i++) {
    const d = (values[i] as number) - (values[i - 1] as number);
    gain = (gain * (period - 1) + Math.max(d, 0)) / period;
    loss = (loss * (period - 1) + Math.max(-d, 0)) / period;
    out[i] = toRsi(gain, loss);
  }
  return out;
}

function toRsi(avgGain: number, avgLoss: number): number {
  if (avgLoss === 0) return avgGain === 0 ? 50 : 100;
  return 100 - 100 / (1 + avgGain / avgLoss);
}
