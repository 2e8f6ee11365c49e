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
    return new Response(frame.json, {
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Cache-Control": "no-store",
        "X-Snapshot-Seq": String(frame.seq),
      },
    });
  };
}
