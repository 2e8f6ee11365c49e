/**
 * Query parameters of the streaming endpoints, history and snapshot, as the API documents
 * describe them. Values are strings on the wire; each description says how the hub reads it
 * (comma lists; resume cursors as in resume-token.ts; the filter as in filter.ts).
 */
import { MAX_PATTERNS } from "../client-messages.ts";
import { HISTORY_DEFAULT_LIMIT, HISTORY_MAX_LIMIT } from "../http.ts";
import { EVENT_TYPES } from "../topics.ts";
import type { JsonSchema } from "./components.ts";

export interface QueryParam {
  name: string;
  description: string;
  schema: JsonSchema;
}

/** `<seq>` or `<epoch>:<seq>` (resume-token.ts). */
const CURSOR = { type: "string", pattern: "^([A-Za-z0-9_-]{1,64}:)?[0-9]{1,16}$", examples: ["k3f9:1044", "1044"] };

export const QUERY = {
  topics: {
    name: "topics",
    description: `Comma-separated topic patterns (\`*\` one segment, \`>\` last: one or more), at most ${MAX_PATTERNS}. Default: every topic (\`>\`).`,
    schema: { type: "string", examples: ["strategy.*.signal,trade.>"] },
  },
  strategies: {
    name: "strategies",
    description: "Comma-separated strategy names: only events naming one of them (events naming none pass).",
    schema: { type: "string", examples: ["RSI_Oversold,Support_Bounce"] },
  },
  types: {
    name: "types",
    description: `Comma-separated event types: ${EVENT_TYPES.join(", ")}.`,
    schema: { type: "string", examples: ["signal,trade"] },
  },
  min_confidence: {
    name: "min_confidence",
    description: "Only signals with at least this confidence (other types pass).",
    schema: { type: "number", minimum: 0, maximum: 1 },
  },
  last_seq: {
    name: "last_seq",
    description:
      "Resume after this cursor: the hub replays what the topics had since, then sends `replayed`, then goes live.",
    schema: CURSOR,
  },
  snapshot: {
    name: "snapshot",
    description:
      "1: start from the trading desk's state — after `connected`, one `snapshot` (state at seq S), then every event after S; with `last_seq`, a cursor history no longer covers gets the snapshot instead of a truncated replay.",
    schema: { type: "string", enum: ["0", "1"] },
  },
  batch: {
    name: "batch",
    description:
      '/ws only. 1: several events per WebSocket message, as an `events` frame (`{"type":"events","events":[…]}`), in seq order; absent: one event per message.',
    schema: { type: "string", enum: ["0", "1"] },
  },
  ticket: {
    name: "ticket",
    description: "A connect ticket from POST /api/v1/tickets (AUTH=jwt; single use, bound to the client IP).",
    schema: { type: "string", pattern: "^[A-Za-z0-9_-]{43}$" },
  },
  since: {
    name: "since",
    description: "Events after this cursor (default 0: from the oldest held).",
    schema: CURSOR,
  },
  epoch: {
    name: "epoch",
    description: "The history the cursor belongs to (also taken from `since`); another epoch answers truncated=true.",
    schema: { type: "string", pattern: "^[A-Za-z0-9_-]{1,64}$" },
  },
  limit: {
    name: "limit",
    description: `Events per page (default ${HISTORY_DEFAULT_LIMIT}).`,
    schema: { type: "integer", minimum: 1, maximum: HISTORY_MAX_LIMIT, default: HISTORY_DEFAULT_LIMIT },
  },
  for: {
    name: "for",
    description: "What the ticket may open: ws, sse, or stream (either; the default).",
    schema: { type: "string", enum: ["ws", "sse", "stream"], default: "stream" },
  },
} as const satisfies Record<string, QueryParam>;

const FILTER = [QUERY.strategies, QUERY.types, QUERY.min_confidence];

/** `/ws` and `/sse`. */
export const STREAM_QUERY: readonly QueryParam[] = [
  QUERY.topics,
  ...FILTER,
  QUERY.last_seq,
  QUERY.snapshot,
  QUERY.batch,
  QUERY.ticket,
];
/** `GET /api/v1/events`. */
export const HISTORY_QUERY: readonly QueryParam[] = [QUERY.since, QUERY.epoch, QUERY.topics, QUERY.limit, ...FILTER];
/** `GET /api/v1/snapshot`. */
export const SNAPSHOT_QUERY: readonly QueryParam[] = [QUERY.topics, ...FILTER];

/** Parameters as one object schema (AsyncAPI bindings take the query as a schema). */
export function querySchema(params: readonly QueryParam[]): JsonSchema {
  return {
    type: "object",
    properties: Object.fromEntries(params.map((p) => [p.name, { ...p.schema, description: p.description }])),
  };
}
