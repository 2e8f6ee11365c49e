/** MACD (Gerald Appel): fast EMA − slow EMA, its signal line (an EMA of MACD) and the histogram. */
import { ema } from "./ema.ts";

export interface Macd {
  macd: number[];
  signal: number[];
  histogram: number[];
}

/** Standard parameters are 12/26/9. Values are NaN until each line has warmed up. */
export function macd(values: readonly number[], fast = 12, slow = 26, signalPeriod = 9): Macd {
  if (fast >= slow) throw new RangeError("macd: the fast period must be shorter than the slow one");
  const f = ema(values, fast);
  const s = ema(values, slow);
  const line = f.map((v, i) => v - (s[i] as number));
  const signal = ema(line, signalPeriod);
  return { macd: line, signal, histogram: line.map((v, i) => v - (signal[i] as number)) };
}
