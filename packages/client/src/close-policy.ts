/**
 * What to do when a transport ends, from protocol's close codes (codes.ts says which are
 * retryable) and, for SSE, the HTTP status of a refused request.
 */
import { CLOSE_CODES, shouldReconnect } from "@tickerwire/protocol";
import type { TransportClose } from "./transports/types.ts";

/** `fatal`: stop for good; `now`: reconnect at once and resume; `backoff`: reconnect after a delay. */
export type CloseAction = "fatal" | "now" | "backoff";

/**
 * HTTP answers to `/sse` that retrying cannot fix: a bad query (400), credentials (401/403), and
 * 204, which the EventSource spec defines as "stop reconnecting".
 */
const FATAL_HTTP = new Set([204, 400, 401, 403]);

export function classifyClose(info: TransportClose): CloseAction {
  if (info.status !== undefined) return FATAL_HTTP.has(info.status) ? "fatal" : "backoff";
  if (info.code === undefined) return "backoff";
  if (!shouldReconnect(info.code)) return "fatal";
  // The hub dropped us for falling behind: our cursor is good, so come straight back.
  return info.code === CLOSE_CODES.LAGGED ? "now" : "backoff";
}
