/**
 * Examples of every message and HTTP body, for the AsyncAPI/OpenAPI documents (spec/) and their
 * tests. Events are the original system's examples (examples.ts) plus a candle and a rollback, as
 * the hub delivers them; each example is typed by its schema and a test parses it with zod.
 */
import type { ClientMessage } from "./client-messages.ts";
import { decodePublish } from "./decode.ts";
import type { HubEvent } from "./events.ts";
import { ORIGINAL_EXAMPLES } from "./examples.ts";
import type { HealthBody } from "./health.ts";
import type { ErrorBody, HistoryPage, PublishAccepted, TicketAnswer } from "./http.ts";
import type { ControlMessage } from "./server-messages.ts";
import { exampleSnapshot } from "./snapshot-example.ts";

const EPOCH = "k3f9";
const TIME = "2026-01-19T10:30:45.123Z";

/** What publishers send: the original examples, a candle and a rollback alert. */
export const EXAMPLE_PUBLISHES = [
  ...ORIGINAL_EXAMPLES,
  {
    topic: "market.BTC-USDT.1m",
    data: {
      symbol: "BTC-USDT",
      interval: "1m",
      open: 42350.5,
      high: 42410,
      low: 42301.25,
      close: 42388,
      volume: 12.5,
      start: "2026-01-19T10:30:00.000Z",
    },
  },
  {
    topic: "strategy.rollback",
    data: { strategy_name: "Volume_Spike", message: "Rolled back to v3 after a 12% drawdown", version: 3 },
  },
] as const satisfies readonly { topic: string; data: Record<string, unknown> }[];

function wireEvents(): HubEvent[] {
  const decoded = decodePublish(EXAMPLE_PUBLISHES);
  if (!decoded.ok) throw new Error(`protocol examples are invalid: ${decoded.error.message}`);
  // In the wire key order (encodeEvent's).
  return decoded.value.map(
    (e, i) => ({ type: e.type, seq: 1042 + i, topic: e.topic, timestamp: TIME, data: e.data }) as HubEvent,
  );
}

/** The publishes above as every client receives them (seq 1042 onwards). */
export const EXAMPLE_EVENTS: readonly HubEvent[] = wireEvents();

/** One example of each control message the hub sends. */
export const EXAMPLE_CONTROL_MESSAGES = {
  connected: {
    type: "connected",
    session_id: "s-5f1c",
    server_time: TIME,
    epoch: EPOCH,
    current_seq: 1044,
    topics: ["strategy.*.signal", "trade.>"],
    filter: { min_confidence: 0.7 },
    transport: "ws",
  },
  subscribed: { type: "subscribed", topics: ["strategy.*.signal", "trade.>", "market.>"] },
  replayed: { type: "replayed", count: 2, truncated: false, from_seq: 1042, to_seq: 1044, epoch: EPOCH },
  heartbeat: { type: "heartbeat", server_time: TIME, current_seq: 1044 },
  /** The desk state after the example events (packages/desk checks it is exactly their fold). */
  snapshot: exampleSnapshot(EPOCH, TIME),
  pong: { type: "pong", t: 1768818645000, server_time: TIME },
  error: {
    type: "error",
    code: "invalid_message",
    message: "invalid message at topics.0: not a valid topic pattern",
    issues: [{ path: ["topics", 0], message: "not a valid topic pattern" }],
  },
} as const satisfies { [T in ControlMessage["type"]]: Extract<ControlMessage, { type: T }> };

/** An events frame (`/ws?batch=1`): the example events in one message. */
export const EXAMPLE_EVENTS_FRAME = { type: "events", events: EXAMPLE_EVENTS.slice(0, 2) } as const;

/** One example of each message a WebSocket client sends. */
export const EXAMPLE_CLIENT_MESSAGES = {
  subscribe: { type: "subscribe", topics: ["strategy.*.signal", "trade.>"], filter: { min_confidence: 0.7 } },
  unsubscribe: { type: "unsubscribe", topics: ["trade.>"] },
  resume: { type: "resume", last_seq: 1044, epoch: EPOCH },
  ping: { type: "ping", t: 1768818645000 },
  report: {
    type: "report",
    latency_ms: { p50: 12, p99: 48, max: 95, count: 600 },
    lag_events: 0,
    transport: "ws",
  },
  auth: { type: "auth", token: "<a fresh JWT>" },
} as const satisfies { [T in ClientMessage["type"]]: Extract<ClientMessage, { type: T }> };

/** One example of each HTTP answer body. */
export const EXAMPLE_HTTP = {
  publishAccepted: { seqs: [1043, 1044], duplicate: false } satisfies PublishAccepted,
  invalidEvent: {
    error: "invalid_event",
    message: "event 1 is invalid at data.confidence: Too big: expected number to be <=1",
    issues: [{ index: 1, path: ["data", "confidence"], message: "Too big: expected number to be <=1" }],
  } satisfies ErrorBody,
  rateLimited: {
    error: "rate_limited",
    message: "at most 200 publish requests per second",
    limit: "publish_rate",
  } satisfies ErrorBody,
  unauthorized: { error: "unauthorized", message: "an Authorization: Bearer token is required" } satisfies ErrorBody,
  historyPage: {
    events: EXAMPLE_EVENTS.slice(0, 2),
    truncated: false,
    has_more: true,
    next_since: 1043,
    epoch: EPOCH,
    current_seq: 1048,
  } satisfies HistoryPage,
  ticket: { ticket: "q9PZ3d2mX7fTq1c0bVh8R4kLw6sYnE2aJ5uGiO0pKzA", expires_in: 30 } satisfies TicketAnswer,
  health: {
    status: "ok",
    engine: "redis",
    instance: "alpha",
    epoch: EPOCH,
    current_seq: 1048,
    oldest_seq: 1,
    history_size: 1048,
    clients: { ws: 12, sse: 3 },
    subscribers: { "strategy.*.signal": 9, "trade.>": 6 },
    groups: 4,
    replaying: 0,
    slow_connections: { ws: 0, sse: 0 },
    client_reports: { reports: 15, latency_p99_ms: 48, latency_max_ms: 95, lag_events: 0 },
    uptime_s: 86400,
    redis: {
      state: "connected",
      subscriber: "connected",
      url: "redis://127.0.0.1:6379",
      key_prefix: "tw",
      stream_length: 1048,
    },
  } satisfies HealthBody,
} as const;
