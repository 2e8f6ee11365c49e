/** @tickerwire/client: the typed SDK for the hub (WebSocket first, SSE fallback, resume). */

/** Full-jitter exponential backoff, for other retry loops that should behave like the SDK's. */
export { type BackoffCurve, backoffCeiling, backoffDelay } from "./backoff.ts";
export { connect } from "./client.ts";
export { ClientError, type ClientErrorCode, type ClientErrorDetails, type ClientErrorLevel } from "./errors.ts";
export { channelName, connectShared } from "./shared/index.ts";
export type { TokenSource } from "./token-source.ts";
export type {
  BackoffOptions,
  BroadcastChannelConstructor,
  BroadcastChannelLike,
  ClientEnv,
  ClientEvents,
  ClientLogger,
  ClientOptions,
  ClientRole,
  ClientState,
  HubClient,
  LockManagerLike,
  SharedClientOptions,
  SharedHubClient,
  StateChange,
  TransportKind,
} from "./types.ts";
