/** Everything the hub sends to a client, on either transport: events plus control messages. */
import { z } from "zod";
import type { ErrorCode } from "./codes.ts";
import { ERROR_CODES } from "./codes.ts";
import { SnapshotMessage } from "./desk-state.ts";
import {
  AlertEvent,
  CandleEvent,
  HubEvent,
  MetricsEvent,
  SignalEvent,
  TradeClosedEvent,
  TradeEvent,
} from "./events.ts";
import { Filter } from "./filter.ts";
import { TransportKindSchema } from "./transport.ts";

const codes = Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]];

export const ConnectedMessage = z.object({
  type: z.literal("connected"),
  session_id: z.string(),
  server_time: z.iso.datetime(),
  epoch: z.string(),
  current_seq: z.number().int().min(0),
  topics: z.array(z.string()),
  filter: Filter.optional(),
  transport: TransportKindSchema.optional(),
});
export const PongMessage = z.object({
  type: z.literal("pong"),
  t: z.number().optional(),
  server_time: z.iso.datetime(),
});
export const IssueSchema = z.object({
  path: z.array(z.union([z.string(), z.number()])),
  message: z.string(),
  index: z.number().int().optional(),
});
export const ErrorMessage = z.object({
  type: z.literal("error"),
  code: z.enum(codes),
  message: z.string(),
  issues: z.array(IssueSchema).optional(),
});
export const ReplayedMessage = z.object({
  type: z.literal("replayed"),
  /** How many events the resume delivered. */
  count: z.number().int().min(0),
  /** True when the hub could not replay everything after the cursor (retention, other epoch). */
  truncated: z.boolean(),
  from_seq: z.number().int().min(0),
  to_seq: z.number().int().min(0),
  epoch: z.string(),
});
export const SubscribedMessage = z.object({
  type: z.literal("subscribed"),
  topics: z.array(z.string()),
  filter: Filter.optional(),
});

/**
 * SSE keep-alive that a browser's native EventSource can see (it hides `:` comments): proves
 * the stream is alive and carries the hub's clock and current seq. Sent with no `id:`.
 */
export const HeartbeatMessage = z.object({
  type: z.literal("heartbeat"),
  server_time: z.iso.datetime(),
  current_seq: z.number().int().min(0),
});

export const ControlMessage = z.discriminatedUnion("type", [
  HeartbeatMessage,
  ConnectedMessage,
  PongMessage,
  ErrorMessage,
  ReplayedMessage,
  SubscribedMessage,
  SnapshotMessage,
]);
export const ServerMessage = z.union([HubEvent, ControlMessage]);

/** The schema of each server message `type` (the members of `ServerMessage`), for one-parse decoding. */
export const SERVER_MESSAGE_SCHEMAS = {
  signal: SignalEvent,
  trade: TradeEvent,
  trade_closed: TradeClosedEvent,
  metrics: MetricsEvent,
  alert: AlertEvent,
  candle: CandleEvent,
  heartbeat: HeartbeatMessage,
  connected: ConnectedMessage,
  pong: PongMessage,
  error: ErrorMessage,
  replayed: ReplayedMessage,
  subscribed: SubscribedMessage,
  snapshot: SnapshotMessage,
} as const satisfies {
  [T in z.infer<typeof ServerMessage>["type"]]: z.ZodType<Extract<z.infer<typeof ServerMessage>, { type: T }>>;
};

export type ConnectedMessage = z.infer<typeof ConnectedMessage>;
export type PongMessage = z.infer<typeof PongMessage>;
export type HeartbeatMessage = z.infer<typeof HeartbeatMessage>;
export type ErrorMessage = z.infer<typeof ErrorMessage>;
export type ReplayedMessage = z.infer<typeof ReplayedMessage>;
export type SubscribedMessage = z.infer<typeof SubscribedMessage>;
export type ControlMessage = z.infer<typeof ControlMessage>;
export type ServerMessage = z.infer<typeof ServerMessage>;
export type Issue = z.infer<typeof IssueSchema>;
