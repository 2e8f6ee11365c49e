/**
 * Error codes (in `error` messages and HTTP bodies) and WebSocket close codes, with what each
 * means for a client: whether reconnecting can help.
 */
export const ERROR_CODES = {
  invalid_json: "the message is not valid JSON",
  invalid_message: "the message does not match the protocol schema",
  invalid_event: "a published event does not match its schema",
  invalid_topic: "a topic or pattern is not well formed",
  invalid_query: "a query parameter is invalid",
  invalid_resume: "the resume cursor is invalid",
  payload_too_large: "the body or frame exceeds the size limit",
  rate_limited: "too many requests or messages; slow down",
  too_many_subscriptions: "the connection has too many subscriptions",
  lagged: "the client fell too far behind and is being disconnected; resume from the last seq",
  unauthorized: "missing or invalid credentials",
  forbidden: "the credentials do not allow this",
  token_expired: "the token expired: get a new one (and a new ticket), then reconnect",
  unavailable: "the hub cannot accept this right now (storage down); retry later",
  idempotency_conflict: "the idempotency key was used with a different request",
  internal: "an unexpected server error",
  not_found: "no such endpoint",
  method_not_allowed: "the endpoint does not accept this HTTP method",
  unsupported_media_type: "the request body has the wrong Content-Type (send application/json)",
  invalid_header: "a request header is invalid (e.g. Idempotency-Key)",
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

/** WebSocket close codes. 1xxx are RFC 6455; 4xxx are Tickerwire's. */
export const CLOSE_CODES = {
  NORMAL: 1000,
  /** Server shutting down or restarting: reconnect with backoff and resume. */
  GOING_AWAY: 1001,
  /** Protocol violation by the client (e.g. binary frames): do not retry unchanged. */
  POLICY: 1008,
  /** A frame over the size limit. */
  TOO_BIG: 1009,
  INTERNAL: 1011,
  /** Credentials missing or invalid: do not retry without new ones. */
  UNAUTHORIZED: 4001,
  /** Credentials do not allow this: do not retry. */
  FORBIDDEN: 4003,
  /** Too many messages or connections: retry after backoff. */
  RATE_LIMITED: 4008,
  /** The client fell behind: reconnect now and resume from the last seq. */
  LAGGED: 4009,
  /** The token expired: get a new one, then reconnect. */
  TOKEN_EXPIRED: 4010,
} as const;

/** Whether a client should reconnect after the given close code. */
export function shouldReconnect(code: number): boolean {
  return !(
    code === CLOSE_CODES.NORMAL ||
    code === CLOSE_CODES.POLICY ||
    code === CLOSE_CODES.UNAUTHORIZED ||
    code === CLOSE_CODES.FORBIDDEN
  );
}
