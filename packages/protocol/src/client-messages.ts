/** Control messages a client sends over the WebSocket (SSE clients use query parameters instead). */
import { z } from "zod";
import { Filter } from "./filter.ts";
import { isValidPattern } from "./pattern.ts";
import { EPOCH_RE } from "./resume-token.ts";
import { TransportKindSchema } from "./transport.ts";

export const MAX_PATTERNS = 100;
/** Longest JWT the hub reads (header, query or `auth` message). */
export const MAX_TOKEN_LENGTH = 8192;

export const PatternSchema = z
  .string()
  .max(200)
  .refine(isValidPattern, "not a valid topic pattern (segments of A-Za-z0-9_-, `*` for one segment, `>` last)");

export const SubscribeMessage = z.strictObject({
  type: z.literal("subscribe"),
  topics: z.array(PatternSchema).min(1).max(MAX_PATTERNS),
  /** Replaces the connection's filter when given. */
  filter: Filter.optional(),
});
export const UnsubscribeMessage = z.strictObject({
  type: z.literal("unsubscribe"),
  topics: z.array(PatternSchema).min(1).max(MAX_PATTERNS),
});
export const ResumeMessage = z.strictObject({
  type: z.literal("resume"),
  last_seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  epoch: z.string().regex(EPOCH_RE).optional(),
});
export const PingMessage = z.strictObject({
  type: z.literal("ping"),
  /** Client clock (ms); echoed in `pong` so the client can measure the round trip. */
  t: z.number().finite().optional(),
});

/**
 * A dashboard's own view of its delivery (rate-limited, e.g. every 10 s): end-to-end latency of
 * recent events and how far behind the hub it is. Sent over the WebSocket, or POSTed to
 * `/api/v1/client-reports` by SSE clients. The hub aggregates these into /metrics and health.
 */
export const ReportMessage = z.strictObject({
  type: z.literal("report"),
  /** Recent end-to-end latency samples summary (ms): hub timestamp → rendered. */
  latency_ms: z.strictObject({
    p50: z.number().min(0).max(3_600_000),
    p99: z.number().min(0).max(3_600_000),
    max: z.number().min(0).max(3_600_000),
    count: z.number().int().min(0).max(1e9),
  }),
  /** current_seq the client last heard of minus its last delivered seq. */
  lag_events: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  transport: TransportKindSchema,
});

/**
 * Refreshes the WebSocket's credentials before its token expires (the hub closes the socket with
 * CLOSE_CODES.TOKEN_EXPIRED otherwise). The new JWT must name the same subject and still allow
 * every current subscription; no reply on success, an `error` (unauthorized/forbidden) otherwise.
 */
export const AuthMessage = z.strictObject({
  type: z.literal("auth"),
  token: z.string().min(1).max(MAX_TOKEN_LENGTH),
});

export const ClientMessage = z.discriminatedUnion("type", [
  SubscribeMessage,
  UnsubscribeMessage,
  ResumeMessage,
  PingMessage,
  ReportMessage,
  AuthMessage,
]);
export type ClientMessage = z.infer<typeof ClientMessage>;
export type SubscribeMessage = z.infer<typeof SubscribeMessage>;
export type UnsubscribeMessage = z.infer<typeof UnsubscribeMessage>;
export type ResumeMessage = z.infer<typeof ResumeMessage>;
export type PingMessage = z.infer<typeof PingMessage>;
export type ReportMessage = z.infer<typeof ReportMessage>;
export type AuthMessage = z.infer<typeof AuthMessage>;
