/**
 * The OpenAPI `paths`: every route the hub serves but the dashboard page, with its parameters,
 * bodies (protocol's schemas by reference), errors and security. Examples come from
 * api-examples.ts. The streaming routes point to the AsyncAPI document for their messages.
 */
import { EXAMPLE_CLIENT_MESSAGES, EXAMPLE_EVENTS, EXAMPLE_HTTP } from "../api-examples.ts";
import { ReportMessage } from "../client-messages.ts";
import { HealthBody } from "../health.ts";
import { ErrorBody, HistoryPage, PublishAccepted, TicketAnswer } from "../http.ts";
import { PublishBody } from "../publish-items.ts";
import { HeartbeatAnswer } from "../watch.ts";
import { type JsonSchema, ref, refTo, SNAPSHOT } from "./components.ts";
import { HISTORY_QUERY, QUERY, type QueryParam, SNAPSHOT_QUERY, STREAM_QUERY } from "./query.ts";

const AUTH = [{ bearerJwt: [] }, {}];
const STREAM_AUTH = [{ bearerJwt: [] }, { ticket: [] }, {}];
const errors = (...names: string[]) =>
  Object.fromEntries(names.map((n) => [n, { $ref: `#/components/responses/${n}` }]));
const query = (params: readonly QueryParam[]) =>
  params.map((p) => ({ name: p.name, in: "query", required: false, description: p.description, schema: p.schema }));
const json = (schema: JsonSchema, example?: unknown) => ({
  "application/json": { schema, ...(example !== undefined ? { example } : {}) },
});

/** Error responses shared by the paths (`#/components/responses/<name>`). */
export const ERROR_RESPONSES: Record<string, JsonSchema> = {
  "400": {
    description: "Invalid request: `issues` says where.",
    content: json(refTo(ErrorBody), EXAMPLE_HTTP.invalidEvent),
  },
  "401": {
    description:
      "`unauthorized` (no or bad token) or `token_expired` (AUTH=jwt). Do not retry without new credentials.",
    headers: { "WWW-Authenticate": { schema: { type: "string" }, description: 'Bearer realm="tickerwire"' } },
    content: json(refTo(ErrorBody), EXAMPLE_HTTP.unauthorized),
  },
  "403": {
    description: "`forbidden`: the token's scope or topics do not allow this.",
    content: json(refTo(ErrorBody)),
  },
  "409": {
    description: "`idempotency_conflict`: the key was used with another body.",
    content: json(refTo(ErrorBody)),
  },
  "413": { description: "`payload_too_large` (MAX_BODY_BYTES); `limit` is the size.", content: json(refTo(ErrorBody)) },
  "415": {
    description: "`unsupported_media_type`: send Content-Type: application/json.",
    content: json(refTo(ErrorBody)),
  },
  "429": {
    description: "`rate_limited`; `limit` names the limit. Retry after Retry-After seconds.",
    headers: { "Retry-After": { schema: { type: "integer" } } },
    content: json(refTo(ErrorBody), EXAMPLE_HTTP.rateLimited),
  },
  "503": {
    description:
      "`unavailable` (storage down, shutting down): retry after Retry-After; with an Idempotency-Key a publish retry is safe.",
    headers: { "Retry-After": { schema: { type: "integer" } } },
    content: json(refTo(ErrorBody)),
  },
};

const IDEMPOTENCY_KEY = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  description:
    "1-200 printable ASCII characters. The same key again answers the original seqs (duplicate=true) and publishes nothing.",
  schema: { type: "string", pattern: "^[\\x20-\\x7e]{1,200}$" },
};

const docRoute = (what: string) => ({
  get: {
    operationId: `get${what}`,
    summary: `This ${what} document (generated from packages/protocol).`,
    tags: ["documents"],
    responses: { "200": { description: `The ${what} document.`, content: json({ type: "object" }) } },
  },
});

export function openApiPaths(): Record<string, JsonSchema> {
  return {
    "/api/v1/events": {
      post: {
        operationId: "publishEvents",
        summary: "Publish one event or a batch (all or nothing); 202 once durable.",
        tags: ["events"],
        security: AUTH,
        parameters: [IDEMPOTENCY_KEY],
        requestBody: {
          required: true,
          content: json(
            refTo(PublishBody),
            EXAMPLE_EVENTS.slice(0, 2).map(({ topic, data }) => ({ topic, data })),
          ),
        },
        responses: {
          "202": {
            description: "Accepted and durable: the seqs assigned, in batch order.",
            content: json(refTo(PublishAccepted), EXAMPLE_HTTP.publishAccepted),
          },
          ...errors("400", "401", "403", "409", "413", "415", "429", "503"),
        },
      },
      get: {
        operationId: "getHistory",
        summary: "History: the events after a cursor on some topics, oldest first, one page at a time.",
        tags: ["events"],
        security: AUTH,
        parameters: query(HISTORY_QUERY),
        responses: {
          "200": { description: "One page.", content: json(refTo(HistoryPage), EXAMPLE_HTTP.historyPage) },
          ...errors("400", "401", "403", "503"),
        },
      },
    },
    "/api/v1/snapshot": {
      get: {
        operationId: "getSnapshot",
        summary: "The trading desk's state at a seq (ledger, positions, metrics, candles, recent events) for a view.",
        tags: ["events"],
        security: AUTH,
        parameters: query(SNAPSHOT_QUERY),
        responses: {
          "200": { description: "The snapshot.", content: json(ref(SNAPSHOT)) },
          ...errors("400", "401", "403", "503"),
        },
      },
    },
    "/api/v1/tickets": {
      post: {
        operationId: "issueTicket",
        summary: "Trade a JWT (scope subscribe) for a single-use connect ticket for /ws or /sse.",
        tags: ["auth"],
        security: [{ bearerJwt: [] }],
        parameters: query([QUERY.for]),
        responses: {
          "201": {
            description: "The ticket (TICKET_TTL_S, never beyond the token).",
            content: json(refTo(TicketAnswer), EXAMPLE_HTTP.ticket),
          },
          "404": {
            description: "`not_found`: authentication is off, connect without a ticket.",
            content: json(refTo(ErrorBody)),
          },
          ...errors("400", "401", "403", "429", "503"),
        },
      },
    },
    "/api/v1/heartbeat": {
      post: {
        operationId: "postHeartbeat",
        summary:
          "A quiet engine's sign of life (every publish is one too). Named by the token's `sub` with AUTH=jwt, else by `X-Engine-Id`; `X-Engine-Interval` (seconds) declares its heartbeat interval. The body is ignored.",
        tags: ["watch"],
        security: AUTH,
        parameters: [
          {
            name: "X-Engine-Id",
            in: "header",
            required: false,
            schema: { type: "string", pattern: "^[A-Za-z0-9_-]{1,64}$" },
          },
          { name: "X-Engine-Interval", in: "header", required: false, schema: { type: "number", exclusiveMinimum: 0 } },
        ],
        responses: {
          "200": { description: "What the hub now knows of the engine.", content: json(refTo(HeartbeatAnswer)) },
          ...errors("400", "401", "403"),
        },
      },
    },
    "/api/v1/client-reports": {
      post: {
        operationId: "postClientReport",
        summary: "An SSE client's delivery report (WebSocket clients send `report` on the socket).",
        tags: ["metrics"],
        security: AUTH,
        requestBody: {
          required: true,
          content: json(refTo(ReportMessage), { ...EXAMPLE_CLIENT_MESSAGES.report, transport: "sse" }),
        },
        responses: { "204": { description: "Recorded." }, ...errors("400", "401", "403", "413", "415") },
      },
    },
    "/api/v1/health": {
      get: {
        operationId: "getHealth",
        summary: "Bus state, this instance, clients, subscribers and (BUS=redis) the Redis connections.",
        tags: ["operations"],
        security: [],
        responses: {
          "200": {
            description: "The bus takes publishes (status ok or degraded).",
            content: json(refTo(HealthBody), EXAMPLE_HTTP.health),
          },
          "503": {
            description: "The bus is down (status down): take this instance out.",
            content: json(refTo(HealthBody)),
          },
        },
      },
    },
    "/metrics": {
      get: {
        operationId: "getMetrics",
        summary: "Prometheus text exposition: connections, messages, drops, lag, latency, limit rejections.",
        tags: ["operations"],
        security: [],
        responses: { "200": { description: "Metrics.", content: { "text/plain": { schema: { type: "string" } } } } },
      },
    },
    "/api/v1/asyncapi.json": docRoute("AsyncAPI"),
    "/api/v1/openapi.json": docRoute("OpenAPI"),
    "/ws": {
      get: {
        operationId: "openWebSocket",
        summary: "WebSocket upgrade: messages are described in asyncapi.json (channel ws).",
        tags: ["streaming"],
        security: STREAM_AUTH,
        parameters: query(STREAM_QUERY),
        responses: { "101": { description: "Switching protocols." }, ...errors("400", "401", "403", "429", "503") },
      },
    },
    "/sse": {
      get: {
        operationId: "openEventStream",
        summary: "Server-Sent Events: messages are described in asyncapi.json (channel sse).",
        tags: ["streaming"],
        security: STREAM_AUTH,
        parameters: [
          ...query(STREAM_QUERY),
          {
            name: "Last-Event-ID",
            in: "header",
            required: false,
            description: "Resume cursor (wins over last_seq).",
            schema: QUERY.last_seq.schema,
          },
        ],
        responses: {
          "200": { description: "The event stream.", content: { "text/event-stream": { schema: { type: "string" } } } },
          ...errors("400", "401", "403", "429", "503"),
        },
      },
    },
  };
}
