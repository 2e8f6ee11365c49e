/**
 * Bodies of the HTTP API (`/api/v1/*`), both sides: the routes build their answers typed by these
 * schemas and every reader (simulator, SDK, tests) parses with them. The streaming messages live
 * in server-messages.ts / client-messages.ts; the client report body is `ReportMessage`.
 */
import { z } from "zod";
import { ERROR_CODES, type ErrorCode } from "./codes.ts";
import { HubEvent, seqSchema } from "./events.ts";
import { IssueSchema } from "./server-messages.ts";

const codes = Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]];

/** `POST /api/v1/events` → 202: the seqs assigned, in the order of the batch. */
export const PublishAccepted = z.object({
  seqs: z.array(seqSchema),
  /** True when the Idempotency-Key was seen before: these are the original seqs, nothing was published. */
  duplicate: z.boolean(),
});
export type PublishAccepted = z.infer<typeof PublishAccepted>;

/**
 * Every HTTP error (4xx/5xx) from the hub: `error` is a code of `ERROR_CODES`. `issues` comes with
 * schema failures (`index` is the batch item), `parameter` names a bad query parameter or header,
 * `limit` the limit that was hit (429: its name; 413: the byte size).
 */
export const ErrorBody = z.object({
  error: z.enum(codes),
  message: z.string(),
  issues: z.array(IssueSchema).optional(),
  parameter: z.string().optional(),
  /** The request header at fault (e.g. `X-Engine-Id`). */
  header: z.string().optional(),
  limit: z.union([z.string(), z.number()]).optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** Events per history page: `limit` defaults to this and may go up to HISTORY_MAX_LIMIT. */
export const HISTORY_DEFAULT_LIMIT = 100;
export const HISTORY_MAX_LIMIT = 5_000;

/** `GET /api/v1/events` → 200: one page of history after `since`, oldest first. */
export const HistoryPage = z.object({
  events: z.array(HubEvent),
  /** The history no longer holds everything after `since` (retention, or another epoch). */
  truncated: z.boolean(),
  /** More events match: ask again with `since=next_since`. */
  has_more: z.boolean(),
  next_since: z.number().int().min(0),
  epoch: z.string(),
  current_seq: z.number().int().min(0),
});
export type HistoryPage = z.infer<typeof HistoryPage>;

/**
 * A history page's JSON from the events' stored wire JSON (`encodeEvent` output), so no event is
 * serialized again: the same text `JSON.stringify` would give for the parsed page.
 */
export function encodeHistoryPage(page: Omit<HistoryPage, "events">, eventJson: readonly string[]): string {
  const rest: Omit<HistoryPage, "events"> = {
    truncated: page.truncated,
    has_more: page.has_more,
    next_since: page.next_since,
    epoch: page.epoch,
    current_seq: page.current_seq,
  };
  return `{"events":[${eventJson.join(",")}],${JSON.stringify(rest).slice(1)}`;
}

/** `POST /api/v1/tickets` → 201: a single-use connect ticket for `/ws` or `/sse` (`?ticket=`). */
export const TicketAnswer = z.object({
  ticket: z.string().min(1),
  /** Seconds until the ticket expires. */
  expires_in: z.number().int().min(0),
});
export type TicketAnswer = z.infer<typeof TicketAnswer>;
