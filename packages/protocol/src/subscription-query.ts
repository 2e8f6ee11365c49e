/**
 * The subscription query of `/ws`, `/sse` and `/api/v1/snapshot`, both ways: `topics`
 * (comma-separated patterns, default everything), the filter parameters, the resume cursor
 * (`Last-Event-ID` header, which wins, or `last_seq`), `snapshot=1` (start from the desk
 * state) and `batch=1` (WebSocket: several events per message, frames.ts). The client SDK writes it with `formatSubscriptionQuery`, the hub reads it with
 * `parseSubscriptionRequest`. Pure; a bad value is a `ProtocolError` naming the parameter.
 */

import { MAX_PATTERNS } from "./client-messages.ts";
import { ProtocolError } from "./decode.ts";
import { type Filter, filterFromQuery, filterToQuery } from "./filter.ts";
import { BATCH_PARAM } from "./frames.ts";
import { parsePatternList } from "./pattern.ts";
import { parseResumeToken, type ResumeToken } from "./resume-token.ts";

export interface SubscriptionRequest {
  patterns: string[];
  filter: Filter | undefined;
  resume: ResumeToken | null;
  /** `snapshot=1`: the desk state at seq S first, then every event after S. */
  snapshot: boolean;
  /** `batch=1` (WebSocket): the client takes several events per message; absent: one per message. */
  batch?: true;
}

/** What a client puts in the query (the inverse of `parseSubscriptionRequest`). */
export interface SubscriptionQuery {
  topics: readonly string[];
  filter?: Filter | undefined;
  /** A resume token (`<epoch>:<seq>` or a bare seq); null or absent: start live. */
  lastSeq?: string | null | undefined;
  snapshot?: boolean | undefined;
  /** WebSocket only: ask for events frames (`batch=1`). */
  batch?: boolean | undefined;
}

/** Writes a subscription as query parameters, in the order the hub documents them. */
export function formatSubscriptionQuery(s: SubscriptionQuery, q = new URLSearchParams()): URLSearchParams {
  if (s.topics.length > 0) q.set("topics", s.topics.join(","));
  if (s.lastSeq != null) q.set("last_seq", s.lastSeq);
  filterToQuery(s.filter, q);
  if (s.snapshot) q.set("snapshot", "1");
  if (s.batch) q.set(BATCH_PARAM, "1");
  return q;
}

/** `snapshot`: absent, `0`/`false` or `1`/`true`; anything else is refused. */
export function parseSnapshotParam(raw: string | null): Parsed<boolean> {
  if (raw == null || raw === "" || raw === "0" || raw === "false") return { ok: true, value: false };
  if (raw === "1" || raw === "true") return { ok: true, value: true };
  return {
    ok: false,
    parameter: "snapshot",
    error: new ProtocolError("invalid_query", `snapshot must be 1 or 0, got ${JSON.stringify(raw.slice(0, 20))}`),
  };
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
  return { ok: false, parameter, error: new ProtocolError("invalid_query", f.message, f.issues) };
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
  const snapshot = parseSnapshotParam(q.get("snapshot"));
  if (!snapshot.ok) return snapshot;
  const batch = q.get(BATCH_PARAM) === "1";
  return {
    ok: true,
    value: {
      patterns: topics.value,
      filter: filter.value,
      resume: resume.value,
      snapshot: snapshot.value,
      ...(batch ? { batch } : {}),
    },
  };
}
