/**
 * Milliseconds since the epoch of an event timestamp, without `Date.parse` in the common case:
 * the hub writes `YYYY-MM-DDTHH:MM:SS.sssZ` (toISOString), which this reads digit by digit
 * (civil-from-days, http://howardhinnant.github.io/date_algorithms.html#days_from_civil).
 * Anything else (other precision, an offset) goes to `Date.parse`; the result is the same.
 */

function digits(s: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

function daysIn(y: number, m: number): number {
  if (m === 2) return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Days from 1970-01-01 to the given proleptic Gregorian date. */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

export function isoMs(ts: string): number {
  if (
    ts.length !== 24 ||
    ts.charCodeAt(4) !== 45 || // -
    ts.charCodeAt(7) !== 45 ||
    ts.charCodeAt(10) !== 84 || // T
    ts.charCodeAt(13) !== 58 || // :
    ts.charCodeAt(16) !== 58 ||
    ts.charCodeAt(19) !== 46 || // .
    ts.charCodeAt(23) !== 90 // Z
  ) {
    return Date.parse(ts);
  }
  const y = digits(ts, 0, 4);
  const mo = digits(ts, 5, 2);
  const d = digits(ts, 8, 2);
  const h = digits(ts, 11, 2);
  const mi = digits(ts, 14, 2);
  const s = digits(ts, 17, 2);
  const ms = digits(ts, 20, 3);
  // Out-of-range fields (month 13, hour 24...) are left to Date.parse's own rules.
  if (
    y < 0 ||
    mo < 1 ||
    mo > 12 ||
    d < 1 ||
    d > daysIn(y, mo) ||
    h < 0 ||
    h > 23 ||
    mi < 0 ||
    mi > 59 ||
    s < 0 ||
    s > 59 ||
    ms < 0
  ) {
    return Date.parse(ts);
  }
  return ((daysFromCivil(y, mo, d) * 24 + h) * 60 + mi) * 60_000 + s * 1000 + ms;
}
