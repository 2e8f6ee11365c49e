/**
 * The AsyncAPI 3.0 document of the streaming side: the `/ws` and `/sse` channels with every
 * message each direction carries, and one channel per topic form with the event it carries.
 * Operations are the hub's: it `send`s server messages and `receive`s client messages.
 */
import { STRATEGIES, topicInfo } from "../topics.ts";
import { componentSchemas, type JsonSchema } from "./components.ts";
import { asyncApiMessages, CLIENT_TYPES, SERVER_TYPES } from "./messages.ts";
import { querySchema, STREAM_QUERY } from "./query.ts";

export const API_VERSION = "1.0.0";

const SSE_FRAMING = [
  "Each message is one SSE frame: `event: <type>`, `data: <the message JSON>`, and for events",
  "`id: <epoch>:<seq>` (the resume cursor; reconnect with `Last-Event-ID`). The stream starts with",
  "`retry:` and `connected`, and carries a `: heartbeat` comment plus an `event: heartbeat` at least",
  "every 15 s: a client that hears nothing for ~2 intervals should reconnect and resume.",
].join(" ");

/** Topic forms as channels: address with parameters, and the event type carried. */
const TOPIC_FORMS = [
  { id: "strategySignal", address: "strategy.{strategy}.signal", sample: "strategy.X.signal" },
  { id: "strategyMetrics", address: "strategy.{strategy}.metrics", sample: "strategy.X.metrics" },
  { id: "tradeExecuted", address: "trade.executed", sample: "trade.executed" },
  { id: "tradeClosed", address: "trade.closed", sample: "trade.closed" },
  { id: "strategyPromoted", address: "strategy.promoted", sample: "strategy.promoted" },
  { id: "strategyRollback", address: "strategy.rollback", sample: "strategy.rollback" },
  { id: "systemAlert", address: "system.alert", sample: "system.alert" },
  { id: "marketCandle", address: "market.{symbol}.{interval}", sample: "market.X.1m" },
] as const;

const PARAMETERS: Record<string, JsonSchema> = {
  strategy: { description: "A strategy name (1-64 of A-Za-z0-9_-).", examples: [...STRATEGIES] },
  symbol: { description: "A market symbol (1-64 of A-Za-z0-9_-).", examples: ["BTC-USDT", "ETH-USDT"] },
  interval: { description: "A candle interval.", examples: ["1m", "5m", "1h"] },
};

const msgRef = (channel: string, type: string) => ({ $ref: `#/channels/${channel}/messages/${type}` });
const componentMsg = (type: string) => ({ $ref: `#/components/messages/${type}` });
const security = [{ $ref: "#/components/securitySchemes/bearerJwt" }, { $ref: "#/components/securitySchemes/ticket" }];

function topicChannels(): { channels: Record<string, JsonSchema>; operations: Record<string, JsonSchema> } {
  const channels: Record<string, JsonSchema> = {};
  const operations: Record<string, JsonSchema> = {};
  for (const t of TOPIC_FORMS) {
    const type = topicInfo(t.sample)?.type;
    if (!type) throw new Error(`${t.address} is not a topic protocol knows`);
    const params = [...t.address.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
    channels[t.id] = {
      address: t.address,
      title: `Topic ${t.address}`,
      description: `Carried inside /ws and /sse: subscribe with a pattern that matches it. Each event has type \`${type}\`.`,
      messages: { [type]: componentMsg(type) },
      ...(params.length > 0 ? { parameters: Object.fromEntries(params.map((p) => [p, PARAMETERS[p]])) } : {}),
    };
    operations[`${t.id}Send`] = {
      action: "send",
      channel: { $ref: `#/channels/${t.id}` },
      summary: `The hub delivers each ${type} published on ${t.address}.`,
      messages: [msgRef(t.id, type)],
    };
  }
  return { channels, operations };
}

export function buildAsyncApi(): JsonSchema {
  const all = [...SERVER_TYPES, ...CLIENT_TYPES];
  const topics = topicChannels();
  return {
    asyncapi: "3.0.0",
    info: {
      title: "Tickerwire streaming API",
      version: API_VERSION,
      description:
        "Live trading events (signals, trades, metrics, alerts, candles) from a Tickerwire hub over WebSocket or Server-Sent Events, with resume from any seq. Generated from packages/protocol by `bun run spec`; the HTTP side is in openapi.json.",
    },
    defaultContentType: "application/json",
    servers: {
      ws: {
        host: "localhost:8080",
        protocol: "ws",
        description: "The hub (wss:// with TLS).",
        security,
      },
      http: {
        host: "localhost:8080",
        protocol: "http",
        description: "The hub's Server-Sent Events (https:// with TLS).",
        security,
      },
    },
    channels: {
      ws: {
        address: "/ws",
        title: "WebSocket",
        description:
          "One JSON text frame per message. The first is `connected`; anything invalid the client sends gets an `error` and the connection stays usable. Close codes: 1001 reconnect, 4009 lagged (resume now), 4001/4003 auth (do not retry), 4008 rate limited, 4010 token expired.",
        servers: [{ $ref: "#/servers/ws" }],
        messages: Object.fromEntries([...all, "events"].map((t) => [t, componentMsg(t)])),
        bindings: { ws: { method: "GET", query: querySchema(STREAM_QUERY), bindingVersion: "0.1.0" } },
      },
      sse: {
        address: "/sse",
        title: "Server-Sent Events",
        description: `${SSE_FRAMING} Clients cannot send messages on this channel: they pass the subscription as query parameters.`,
        servers: [{ $ref: "#/servers/http" }],
        messages: Object.fromEntries(SERVER_TYPES.map((t) => [t, componentMsg(t)])),
      },
      ...topics.channels,
    },
    operations: {
      wsSend: {
        action: "send",
        channel: { $ref: "#/channels/ws" },
        summary: "Events on the connection's topics, and control messages.",
        messages: [...SERVER_TYPES, "events"].map((t) => msgRef("ws", t)),
      },
      wsReceive: {
        action: "receive",
        channel: { $ref: "#/channels/ws" },
        summary: "Subscription changes, resume, ping, reports and token refresh from the client.",
        messages: CLIENT_TYPES.map((t) => msgRef("ws", t)),
      },
      sseSend: {
        action: "send",
        channel: { $ref: "#/channels/sse" },
        summary: "Events on the stream's topics, and control messages.",
        messages: SERVER_TYPES.map((t) => msgRef("sse", t)),
        bindings: { http: { method: "GET", query: querySchema(STREAM_QUERY), bindingVersion: "0.3.0" } },
      },
      ...topics.operations,
    },
    components: {
      schemas: componentSchemas("draft-7"),
      messages: asyncApiMessages(),
      securitySchemes: {
        bearerJwt: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description:
            "With AUTH=jwt: `Authorization: Bearer <jwt>` (clients that can send headers); the token needs the `subscribe` scope and its `topics.subscribe` patterns must cover the subscription.",
        },
        ticket: {
          type: "httpApiKey",
          name: "ticket",
          in: "query",
          description:
            "With AUTH=jwt: `?ticket=` from POST /api/v1/tickets (browsers cannot set headers on WebSocket/EventSource).",
        },
      },
    },
  };
}
