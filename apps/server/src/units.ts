/** Pure parsers for human-friendly configuration values: durations ("7d", "30m") and sizes ("1MiB"). */

const DURATION_UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/**
 * Parses a duration with a unit into milliseconds, or returns null.
 * @example parseDuration("12h") // 43_200_000
 */
export function parseDuration(raw: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)$/i.exec(raw.trim());
  if (!m?.[1] || !m[2]) return null;
  const unit = DURATION_UNITS[m[2].toLowerCase()];
  if (unit === undefined) return null;
  const ms = Math.round(Number(m[1]) * unit);
  return Number.isSafeInteger(ms) && ms > 0 ? ms : null;
}

const SIZE_UNITS: Record<string, number> = {
  "": 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1 << 20,
  mb: 1 << 20,
  mib: 1 << 20,
  g: 1 << 30,
  gb: 1 << 30,
  gib: 1 << 30,
};

/**
 * Parses a byte size: a bare number of bytes or a number with a unit (K/KB/KiB are all 1024).
 * @example parseBytes("64KiB") // 65_536
 */
export function parseBytes(raw: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(raw.trim());
  if (!m?.[1]) return null;
  const unit = SIZE_UNITS[(m[2] ?? "").toLowerCase()];
  if (unit === undefined) return null;
  const bytes = Math.floor(Number(m[1]) * unit);
  return Number.isSafeInteger(bytes) ? bytes : null;
}
