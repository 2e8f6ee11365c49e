/**
 * Options with their defaults, checked once. Problems the app can live with (an invalid topic
 * pattern, an invalid filter) are returned as errors to report, not thrown; only options the
 * client cannot run without (no URL, no transport) throw from `connect()`.
 */
import { EPOCH_RE, Filter, isValidPattern, MATCH_ALL } from "@tickerwire/protocol";
import { type BackoffPolicy, DEFAULT_BACKOFF } from "./backoff.ts";
import type { Cursor } from "./dedupe.ts";
import { ClientError } from "./errors.ts";
import type { ClientOptions, TransportKind } from "./types.ts";

export interface ResolvedOptions {
  urls: string[];
  topics: string[];
  filter: Filter | undefined;
  transports: TransportKind[];
  resume: Cursor | null;
  snapshot: boolean;
  backoff: BackoffPolicy;
  openTimeoutMs: number;
  deadAfterMs: number;
  pingIntervalMs: number;
  preferredRetryMs: number;
  reportIntervalMs: number;
}

export const DEFAULTS = {
  openTimeoutMs: 5_000,
  deadAfterMs: 45_000,
  pingIntervalMs: 10_000,
  preferredRetryMs: 60_000,
  reportIntervalMs: 10_000,
} as const;

/** Splits patterns into the usable ones and an error naming the rest (or null). */
export function checkPatterns(patterns: readonly string[]): { valid: string[]; error: ClientError | null } {
  const valid = [...new Set(patterns.filter(isValidPattern))];
  const invalid = patterns.filter((p) => !isValidPattern(p));
  const error =
    invalid.length === 0
      ? null
      : new ClientError("invalid_argument", `ignored invalid topic pattern(s): ${invalid.slice(0, 5).join(", ")}`);
  return { valid, error };
}

export function checkFilter(filter: Filter | undefined): { filter: Filter | undefined; error: ClientError | null } {
  if (filter === undefined) return { filter: undefined, error: null };
  const r = Filter.safeParse(filter);
  if (r.success) return { filter: r.data, error: null };
  const issues = r.error.issues.map((i) => ({
    path: i.path.map((p) => (typeof p === "number" ? p : String(p))),
    message: i.message,
  }));
  return { filter: undefined, error: new ClientError("invalid_argument", "ignored invalid filter", { issues }) };
}

export function resolveOptions(o: ClientOptions): { options: ResolvedOptions; problems: ClientError[] } {
  const urls = (Array.isArray(o.url) ? o.url : [o.url]).filter((u) => typeof u === "string" && u.length > 0);
  if (urls.length === 0) throw new ClientError("invalid_argument", "connect() needs at least one hub URL");
  for (const u of urls) {
    try {
      new URL(u);
    } catch {
      throw new ClientError("invalid_argument", `not a URL: ${u}`);
    }
  }
  const transports = [...new Set(o.transports ?? (["ws", "sse"] as TransportKind[]))].filter(
    (t): t is TransportKind => t === "ws" || t === "sse",
  );
  if (transports.length === 0) throw new ClientError("invalid_argument", 'transports must include "ws" or "sse"');

  const problems: ClientError[] = [];
  // Like the hub's query, no topics means everything.
  const patterns = checkPatterns(o.topics && o.topics.length > 0 ? o.topics : [MATCH_ALL]);
  if (patterns.error) problems.push(patterns.error);
  const filter = checkFilter(o.filter);
  if (filter.error) problems.push(filter.error);
  const seq = o.resume?.seq;
  const resume =
    o.resume &&
    Number.isSafeInteger(seq) &&
    (seq ?? -1) >= 0 &&
    (o.resume.epoch === undefined || EPOCH_RE.test(o.resume.epoch))
      ? { epoch: o.resume.epoch ?? null, seq: seq as number }
      : null;
  if (o.resume && !resume) problems.push(new ClientError("invalid_argument", "ignored invalid resume cursor"));

  // For the timing options, 0 turns the feature off (no open timeout, no dead detection, ...).
  const positive = (v: number | undefined, d: number) => (typeof v === "number" && v >= 0 ? v : d);
  return {
    options: {
      urls,
      topics: patterns.valid,
      filter: filter.filter,
      transports,
      resume,
      snapshot: o.snapshot === true,
      backoff: {
        minMs: positive(o.backoff?.minMs, DEFAULT_BACKOFF.minMs),
        maxMs: positive(o.backoff?.maxMs, DEFAULT_BACKOFF.maxMs),
        factor: Math.max(1, positive(o.backoff?.factor, DEFAULT_BACKOFF.factor)),
        resetAfterMs: positive(o.backoff?.resetAfterMs, DEFAULT_BACKOFF.resetAfterMs),
      },
      openTimeoutMs: positive(o.openTimeoutMs, DEFAULTS.openTimeoutMs),
      deadAfterMs: positive(o.deadAfterMs, DEFAULTS.deadAfterMs),
      pingIntervalMs: positive(o.pingIntervalMs, DEFAULTS.pingIntervalMs),
      preferredRetryMs: positive(o.preferredRetryMs, DEFAULTS.preferredRetryMs),
      reportIntervalMs: positive(o.reportIntervalMs, DEFAULTS.reportIntervalMs),
    },
    problems,
  };
}
