/**
 * `patternWithin(pattern, allowed)`: may a client subscribe to `pattern` when its token allows
 * `allowed`? Conservative: true only when one allowed pattern provably covers every topic the
 * requested pattern can match (never true when some matched topic would be outside).
 */
import { isValidPattern } from "@tickerwire/protocol";

/** True when every topic matching `inner` also matches `outer` (both valid patterns). */
export function patternCovers(outer: string, inner: string): boolean {
  const a = outer.split(".");
  const p = inner.split(".");
  const m = a.length;
  const tail = a[m - 1] === ">";
  // `>` in the inner pattern stands for "one or more segments": only an outer `>` at the same
  // position or earlier can cover that, which the length rules below encode.
  const fixed = tail ? m - 1 : m;
  if (tail ? p.length < m : p.length !== m) return false;
  for (let i = 0; i < fixed; i++) {
    const seg = p[i];
    if (seg === ">") return false;
    if (a[i] !== "*" && a[i] !== seg) return false;
  }
  return true;
}

/**
 * @example patternWithin("strategy.RSI.signal", ["strategy.>"]) // true
 * @example patternWithin("strategy.>", ["strategy.*.signal"])     // false: strategy.x.metrics
 */
export function patternWithin(pattern: string, allowed: readonly string[]): boolean {
  if (!isValidPattern(pattern)) return false;
  for (const a of allowed) if (isValidPattern(a) && patternCovers(a, pattern)) return true;
  return false;
}

/** The requested patterns that are not within the allowed ones (empty: all allowed). */
export function patternsOutside(patterns: readonly string[], allowed: readonly string[]): string[] {
  return patterns.filter((p) => !patternWithin(p, allowed));
}
