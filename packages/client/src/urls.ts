/**
 * Endpoint URLs from a hub base URL: `http://host:port` → `ws://host:port/ws?...` and
 * `http://host:port/sse?...`. The query carries the subscription and the resume cursor, so every
 * (re)connect — on either transport — starts exactly after the last event we delivered. WebSocket
 * URLs also ask for events frames (`batch=1`, protocol frames.ts), which the ws transport unpacks.
 */
import { type Filter, formatResumeToken, formatSubscriptionQuery } from "@tickerwire/protocol";
import type { Cursor } from "./dedupe.ts";
import type { TransportKind } from "./types.ts";

export interface EndpointQuery {
  topics: readonly string[];
  filter: Filter | undefined;
  /** null = start live (no replay). */
  cursor: Cursor | null;
  /** `snapshot=1`: the desk state first (live start), or instead of a replay history cannot give. */
  snapshot?: boolean;
}

/** `<epoch>:<seq>` when the epoch is known, else the bare seq (the hub accepts both). */
export function cursorToken(cursor: Cursor): string {
  return cursor.epoch === null ? String(cursor.seq) : formatResumeToken(cursor.epoch, cursor.seq);
}

export function endpointUrl(base: string, kind: TransportKind, query: EndpointQuery): string {
  const url = new URL(base);
  const secure = url.protocol === "https:" || url.protocol === "wss:";
  if (kind === "ws") url.protocol = secure ? "wss:" : "ws:";
  else url.protocol = secure ? "https:" : "http:";
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/${kind}`;
  url.search = formatSubscriptionQuery({
    topics: query.topics,
    filter: query.filter,
    lastSeq: query.cursor === null ? null : cursorToken(query.cursor),
    snapshot: query.snapshot,
    // WebSocket: several events per message (protocol frames.ts); SSE stays one event per message.
    batch: kind === "ws",
  }).toString();
  url.hash = "";
  return url.toString();
}

/** Where SSE clients POST their lag reports: `<base>/api/v1/client-reports`. */
export function reportUrl(base: string): string {
  const url = new URL(base);
  if (url.protocol === "ws:") url.protocol = "http:";
  if (url.protocol === "wss:") url.protocol = "https:";
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/api/v1/client-reports`;
  url.search = "";
  url.hash = "";
  return url.toString();
}
