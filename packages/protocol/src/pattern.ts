/**
 * Topic patterns: `*` matches exactly one segment, `>` (last position only) one or more.
 * `strategy.*.signal` matches every strategy's signals; `market.>` every candle; `>` everything.
 */
import { MAX_TOPIC_LENGTH, SEGMENT_RE } from "./topics.ts";

export const MATCH_ALL = ">";

/** True when `pattern` is a well-formed pattern (segments, `*` anywhere, `>` only last). */
export function isValidPattern(pattern: string): boolean {
  if (pattern.length === 0 || pattern.length > MAX_TOPIC_LENGTH) return false;
  const parts = pattern.split(".");
  return parts.every((p, i) => p === "*" || (p === ">" && i === parts.length - 1) || SEGMENT_RE.test(p));
}

/**
 * Does a concrete topic match a (valid) pattern?
 * @example matchTopic("strategy.*.signal", "strategy.RSI_Oversold.signal") // true
 */
export function matchTopic(pattern: string, topic: string): boolean {
  if (pattern === MATCH_ALL) return topic.length > 0;
  const p = pattern.split(".");
  const t = topic.split(".");
  for (let i = 0; i < p.length; i++) {
    const seg = p[i];
    if (seg === ">") return t.length > i;
    if (i >= t.length) return false;
    if (seg !== "*" && seg !== t[i]) return false;
  }
  return p.length === t.length;
}

/** True when the topic matches at least one of the patterns. */
export function matchAny(patterns: readonly string[], topic: string): boolean {
  for (const p of patterns) if (matchTopic(p, topic)) return true;
  return false;
}

/** Compiles a pattern list into one predicate (cheap to call per event). */
export function compilePatterns(patterns: readonly string[]): (topic: string) => boolean {
  if (patterns.includes(MATCH_ALL)) return (topic) => topic.length > 0;
  const exact = new Set(patterns.filter((p) => !p.includes("*") && !p.includes(">")));
  const wild = patterns.filter((p) => !exact.has(p));
  return (topic) => exact.has(topic) || matchAny(wild, topic);
}

/**
 * Parses a comma-separated pattern list as used in query strings (`?topics=trade.>,system.alert`).
 * Empty or missing means everything. Returns the invalid entries so the caller can answer clearly.
 */
export function parsePatternList(raw: string | null | undefined): { patterns: string[]; invalid: string[] } {
  if (raw == null || raw.trim() === "") return { patterns: [MATCH_ALL], invalid: [] };
  const items = [
    ...new Set(
      raw
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s.length > 0),
    ),
  ];
  return { patterns: items.filter(isValidPattern), invalid: items.filter((p) => !isValidPattern(p)) };
}
