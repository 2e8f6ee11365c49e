/**
 * The AsyncAPI messages: one per message `type`, server to client (SERVER_MESSAGE_SCHEMAS) and
 * client to server (ClientMessage), each with its payload's component, a one-line summary and its
 * example from api-examples.ts. A type added to protocol appears here by itself.
 */
import {
  EXAMPLE_CLIENT_MESSAGES,
  EXAMPLE_CONTROL_MESSAGES,
  EXAMPLE_EVENTS,
  EXAMPLE_EVENTS_FRAME,
} from "../api-examples.ts";
import { ClientMessage } from "../client-messages.ts";
import { EventsFrameSchema } from "../frames.ts";
import { SERVER_MESSAGE_SCHEMAS } from "../server-messages.ts";
import { type JsonSchema, refTo } from "./components.ts";

const SUMMARIES: Record<string, string> = {
  signal: "A strategy's BUY/SELL signal (topic strategy.<Strategy>.signal).",
  trade: "A position opened (topic trade.executed).",
  trade_closed: "A position closed, with its P&L (topic trade.closed).",
  metrics: "A strategy's running totals: trades, win rate, P&L, Sharpe (topic strategy.<Strategy>.metrics).",
  alert: "A promotion, rollback or operational alert (strategy.promoted, strategy.rollback, system.alert).",
  candle: "An OHLCV market candle (topic market.<SYMBOL>.<interval>).",
  heartbeat: "SSE keep-alive visible to a native EventSource (no id); the stream is dead after ~2 missed.",
  connected: "First message of every connection: session, server clock, epoch, current seq, subscriptions.",
  pong: "Answer to ping, echoing the client's clock.",
  error: "Something the client sent, or its connection, has a problem; `code` from ERROR_CODES.",
  replayed: "A resume finished: how many events it replayed, and whether history held everything.",
  subscribed: "The connection's subscriptions after a subscribe or unsubscribe.",
  snapshot: "The trading desk's state at `seq`; every event after it follows.",
  events: "/ws with batch=1: several events in one message, in seq order (each as its own message would carry it).",
  subscribe: "Adds topic patterns (and replaces the filter when given).",
  unsubscribe: "Removes topic patterns.",
  resume: "Replays everything after `last_seq` on the current subscriptions, then `replayed`.",
  ping: "Asks for a pong (round-trip time, keep-alive).",
  report: "The client's own delivery latency and lag (also POST /api/v1/client-reports).",
  auth: "A fresh JWT before the current one expires (same sub, same or wider topics).",
};

const EXAMPLES: Record<string, unknown> = {
  ...Object.fromEntries(EXAMPLE_EVENTS.map((e) => [e.type, e])),
  ...EXAMPLE_CONTROL_MESSAGES,
  ...EXAMPLE_CLIENT_MESSAGES,
  events: EXAMPLE_EVENTS_FRAME,
};

/** Server-to-client message types, events first. */
export const SERVER_TYPES: readonly string[] = Object.keys(SERVER_MESSAGE_SCHEMAS);
/** Client-to-server message types (WebSocket only). */
export const CLIENT_TYPES: readonly string[] = ClientMessage.options.map((o) => o.shape.type.value);

function message(type: string, payload: JsonSchema): JsonSchema {
  const example = EXAMPLES[type];
  return {
    name: type,
    title: type,
    summary: SUMMARIES[type] ?? `The \`${type}\` message.`,
    contentType: "application/json",
    payload,
    ...(example !== undefined ? { examples: [{ name: type, payload: example }] } : {}),
  };
}

/** `components.messages` of the AsyncAPI document, keyed by message type. */
export function asyncApiMessages(): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  for (const [type, schema] of Object.entries(SERVER_MESSAGE_SCHEMAS)) out[type] = message(type, refTo(schema));
  out.events = message("events", refTo(EventsFrameSchema));
  for (const o of ClientMessage.options) out[o.shape.type.value] = message(o.shape.type.value, refTo(o));
  return out;
}
