/**
 * Per-subscription filters (the original plan's "advanced filtering"): by strategy, by event
 * type, by minimum confidence. `strategies` applies to events that name a strategy; events that
 * name none (candles, plain system alerts) pass it. `min_confidence` applies to signals only.
 */
import { z } from "zod";
import type { HubEvent } from "./events.ts";
import { EVENT_TYPES, SEGMENT_RE } from "./topics.ts";

export const EventTypeSchema = z.enum(EVENT_TYPES);

export const Filter = z.strictObject({
  strategies: z.array(z.string().regex(SEGMENT_RE)).min(1).max(100).optional(),
  types: z.array(EventTypeSchema).min(1).max(EVENT_TYPES.length).optional(),
  min_confidence: z.number().min(0).max(1).optional(),
});
export type Filter = z.infer<typeof Filter>;

/** Only the parts a filter needs from an event (any event's data fits). */
type Filterable = { type: HubEvent["type"]; data: object };

/** True when the event passes the filter (an empty or missing filter passes everything). */
export function matchesFilter(filter: Filter | undefined, event: Filterable): boolean {
  if (!filter) return true;
  if (filter.types && !filter.types.includes(event.type)) return false;
  const data = event.data as { strategy_name?: unknown; confidence?: unknown };
  const strategy = typeof data.strategy_name === "string" ? data.strategy_name : undefined;
  if (filter.strategies && strategy !== undefined && !filter.strategies.includes(strategy)) return false;
  if (filter.min_confidence !== undefined && event.type === "signal") {
    const confidence = typeof data.confidence === "number" ? data.confidence : 0;
    if (confidence < filter.min_confidence) return false;
  }
  return true;
}

/** True when the filter narrows nothing. */
export function isEmptyFilter(filter: Filter | undefined): boolean {
  return !filter || (!filter.strategies && !filter.types && filter.min_confidence === undefined);
}

/** A canonical string for a filter, so equal filters share one fan-out group. */
export function filterKey(filter: Filter | undefined): string {
  if (isEmptyFilter(filter) || !filter) return "";
  return JSON.stringify({
    s: filter.strategies ? [...new Set(filter.strategies)].sort() : undefined,
    t: filter.types ? [...new Set(filter.types)].sort() : undefined,
    c: filter.min_confidence,
  });
}

/**
 * Reads a filter from query parameters (`strategies=A,B&types=signal,trade&min_confidence=0.7`),
 * as used by `/sse` and the dashboard URL.
 */
export function filterFromQuery(
  q: URLSearchParams,
):
  | { ok: true; value: Filter | undefined }
  | { ok: false; message: string; issues: { path: (string | number)[]; message: string }[] } {
  const list = (k: string) => {
    const v = q.get(k);
    if (v == null || v.trim() === "") return undefined;
    return [
      ...new Set(
        v
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    ];
  };
  const raw: Record<string, unknown> = {};
  const strategies = list("strategies");
  const types = list("types");
  const minc = q.get("min_confidence");
  if (strategies) raw.strategies = strategies;
  if (types) raw.types = types;
  if (minc != null && minc.trim() !== "") raw.min_confidence = Number(minc);
  const r = Filter.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0];
    return {
      ok: false,
      message: `invalid filter: ${i?.path.join(".") ?? ""} ${i?.message ?? ""}`.trim(),
      issues: r.error.issues.map((x) => ({
        path: x.path.map((p) => (typeof p === "number" ? p : String(p))),
        message: x.message,
      })),
    };
  }
  return { ok: true, value: isEmptyFilter(r.data) ? undefined : r.data };
}

/** Writes a filter as query parameters (the inverse of `filterFromQuery`). */
export function filterToQuery(filter: Filter | undefined, q = new URLSearchParams()): URLSearchParams {
  if (filter?.strategies) q.set("strategies", filter.strategies.join(","));
  if (filter?.types) q.set("types", filter.types.join(","));
  if (filter?.min_confidence !== undefined) q.set("min_confidence", String(filter.min_confidence));
  return q;
}
