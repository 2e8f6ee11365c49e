/** @tickerwire/client: the typed SDK for the hub (WebSocket first, SSE fallback, resume). */
export { connect } from "./client.ts";
export { ClientError, type ClientErrorCode, type ClientErrorDetails } from "./errors.ts";
export type {
  BackoffOptions,
  ClientEnv,
  ClientEvents,
  ClientLogger,
  ClientOptions,
  ClientState,
  HubClient,
  StateChange,
  TransportKind,
} from "./types.ts";
