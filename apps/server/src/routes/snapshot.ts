/**
 * `GET /api/v1/snapshot`: the desk state of a view (`topics`, `strategies`, `types`,
 * `min_confidence`, validated like `/sse`), stamped with the seq it includes. A dashboard that
 * applies the events after that seq (history `since=<seq>`, or a stream resumed from it) holds the
 * exact state. With AUTH=jwt only topics the token may subscribe to are accepted.
 */
import { parseFilterParams, parseTopicsParam } from "@tickerwire/protocol";
import type { Context } from "hono";
import type { DeskBook } from "../desk/desk-book.ts";
import { protocolErrorResponse } from "../http-errors.ts";

export interface SnapshotRouteDeps {
  desk: Pick<DeskBook, "snapshot">;
  /** Authorisation of the patterns once parsed (as for history); a Response refuses. */
  authorizeTopics?: (c: Context, topics: readonly string[], scope: "subscribe") => Response | null;
}

export function createSnapshotHandler(d: SnapshotRouteDeps) {
  return (c: Context): Response => {
    const q = new URL(c.req.url).searchParams;
    const topics = parseTopicsParam(q.get("topics"));
    if (!topics.ok) return protocolErrorResponse(topics.error, 400, { parameter: topics.parameter });
    const filter = parseFilterParams(q);
    if (!filter.ok) return protocolErrorResponse(filter.error, 400, { parameter: filter.parameter });
    const refused = d.authorizeTopics?.(c, topics.value, "subscribe");
    if (refused) return refused;
    const frame = d.desk.snapshot({ patterns: topics.value, filter: filter.value });
    const headers: Record<string, string> = {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": "no-store",
      Vary: "Accept-Encoding",
      "X-Snapshot-Seq": String(frame.seq),
    };
    if (!acceptsGzip(c.req.header("accept-encoding"))) return new Response(frame.json, { headers });
    // A few hundred KB of JSON shrinks ~6x; level 1 keeps it to a few ms (the frame keeps the result).
    frame.gzip ??= Bun.gzipSync(frame.json, { level: 1 });
    return new Response(frame.gzip, { headers: { ...headers, "Content-Encoding": "gzip" } });
  };
}

/** True when `Accept-Encoding` allows gzip (not refused with q=0). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(",").some((part) => {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (name !== "gzip" && name !== "*") return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}
