/** Crossovers of two series (MACD over its signal line, a fast MA over a slow one). */

export type Cross = "up" | "down";

/**
 * "up" when `a` goes from at-or-below `b` at i − 1 to above it at i, "down" for the reverse,
 * null otherwise (including while either series is still NaN).
 */
export function crossAt(a: readonly number[], b: readonly number[], i: number): Cross | null {
  if (i < 1) return null;
  const a0 = a[i - 1] as number;
  const b0 = b[i - 1] as number;
  const a1 = a[i] as number;
  const b1 = b[i] as number;
  if ([a0, b0, a1, b1].some((x) => x === undefined || Number.isNaN(x))) return null;
  if (a0 <= b0 && a1 > b1) return "up";
  if (a0 >= b0 && a1 < b1) return "down";
  return null;
}

/** The crossover at the last index, if any. */
export function lastCross(a: readonly number[], b: readonly number[]): Cross | null {
  return crossAt(a, b, Math.min(a.length, b.length) - 1);
}
