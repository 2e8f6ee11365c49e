/**
 * The view in the URL, so a dashboard can be shared: the server-side filter
 * (`?strategies=A,B&types=signal,trade&min_confidence=0.7`, protocol's filterFromQuery /
 * filterToQuery), `?transport=sse|ws` to force one transport, and `?replay=all` to rebuild the
 * desk from the hub's whole history instead of its snapshot (an audit view: every event is folded
 * in the page; slower with a long history, and short of anything retention removed). Other
 * parameters are kept.
 */
import type { TransportKind } from "@tickerwire/client";
import { type Filter, filterFromQuery, filterToQuery } from "@tickerwire/protocol";

export interface ViewQuery {
  filter: Filter | undefined;
  /** `["sse"]` for `?transport=sse`; undefined lets the SDK pick (WebSocket, then SSE). */
  transports: TransportKind[] | undefined;
  /** `?replay=all`: replay the whole history instead of starting from the desk-state snapshot. */
  replayAll: boolean;
  /** Why the filter in the URL was ignored, if it was invalid. */
  filterError?: string;
}

const FILTER_PARAMS = ["strategies", "types", "min_confidence"] as const;

export function readViewQuery(search: string): ViewQuery {
  const q = new URLSearchParams(search);
  const t = q.get("transport");
  const transports: TransportKind[] | undefined = t === "sse" || t === "ws" ? [t] : undefined;
  const replayAll = q.get("replay") === "all";
  const f = filterFromQuery(q);
  return f.ok
    ? { filter: f.value, transports, replayAll }
    : { filter: undefined, transports, replayAll, filterError: f.message };
}

/** The query string (with `?`, or "" when empty) for `filter`, keeping unrelated parameters. */
export function writeViewQuery(search: string, filter: Filter | undefined): string {
  const q = new URLSearchParams(search);
  for (const k of FILTER_PARAMS) q.delete(k);
  filterToQuery(normalizeFilter(filter), q);
  // Commas are legal in a query; keep `A,B` readable instead of `A%2CB`.
  const text = q.toString().replaceAll("%2C", ",");
  return text ? `?${text}` : "";
}

/** The canonical form of a filter: empty lists and a zero threshold mean "no filter". */
export function normalizeFilter(filter: Filter | undefined): Filter | undefined {
  if (!filter) return undefined;
  const f: Filter = { ...filter };
  if (f.min_confidence === 0) delete f.min_confidence;
  const r = filterFromQuery(filterToQuery(f));
  return r.ok ? r.value : undefined;
}
