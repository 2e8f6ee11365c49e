/**
 * Reads a subscription from an upgrade or SSE request: `topics` (comma-separated patterns,
 * default everything), filter parameters, the resume cursor (`Last-Event-ID` header, which
 * wins, or `last_seq`), and `batch=1` (WebSocket: events frames, protocol frames.ts). Pure; a bad
 * value is a `ProtocolError` naming the parameter.
 */
import {
  BATCH_PARAM,
  type Filter,
  filterFromQuery,
  MAX_PATTERNS,
  ProtocolError,
  parsePatternList,
  parseResumeToken,
  type ResumeToken,
} from "@tickerwire/protocol";

export interface SubscriptionRequest {
  patterns: string[];
  filter: Filter | undefined;
  resume: ResumeToken | null;
  /** The client takes several events per WebSocket message (`batch=1`); absent: one per message. */
  batch?: true;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: ProtocolError; parameter: string };

export function parseTopicsParam(raw: string | null): Parsed<string[]> {
  const { patterns, invalid } = parsePatternList(raw);
  if (invalid.length > 0) {
    const shown = invalid.slice(0, 5).map((p) => JSON.stringify(p.slice(0, 60)));
    return {
      ok: false,
      parameter: "topics",
      error: new ProtocolError(
        "invalid_topic",
        `topics: not a valid pattern: ${shown.join(", ")} (segments of A-Za-z0-9_-, \`*\` for one segment, \`>\` last)`,
      ),
    };
  }
  if (patterns.length > MAX_PATTERNS) {
    return {
      ok: false,
      parameter: "topics",
      error: new ProtocolError("too_many_subscriptions", `topics: at most ${MAX_PATTERNS} patterns`),
    };
  }
  return { ok: true, value: patterns };
}

export function parseFilterParams(q: URLSearchParams): Parsed<Filter | undefined> {
  const f = filterFromQuery(q);
  if (f.ok) return f;
  const parameter = ["strategies", "types", "min_confidence"].find((k) => f.message.includes(k)) ?? "filter";
  return { ok: false, parameter, error: new ProtocolError("invalid_query", f.message) };
}

export function parseResumeParam(raw: string | null, parameter: string): Parsed<ResumeToken | null> {
  if (raw == null || raw.trim() === "") return { ok: true, value: null };
  const token = parseResumeToken(raw);
  if (token) return { ok: true, value: token };
  return {
    ok: false,
    parameter,
    error: new ProtocolError(
      "invalid_resume",
      `${parameter} must be a seq or <epoch>:<seq>, got ${JSON.stringify(raw.slice(0, 60))}`,
    ),
  };
}

export function parseSubscriptionRequest(
  q: URLSearchParams,
  lastEventId: string | null = null,
): Parsed<SubscriptionRequest> {
  const topics = parseTopicsParam(q.get("topics"));
  if (!topics.ok) return topics;
  const filter = parseFilterParams(q);
  if (!filter.ok) return filter;
  const header = lastEventId?.trim() ? lastEventId : null;
  const resume = header ? parseResumeParam(header, "Last-Event-ID") : parseResumeParam(q.get("last_seq"), "last_seq");
  if (!resume.ok) return resume;
  const batch = q.get(BATCH_PARAM) === "1";
  return {
    ok: true,
    value: { patterns: topics.value, filter: filter.value, resume: resume.value, ...(batch ? { batch } : {}) },
  };
}
