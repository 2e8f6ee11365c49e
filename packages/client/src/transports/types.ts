/**
 * The seam between the client and a wire: a transport opens one connection, decodes what arrives
 * with protocol's `decodeServerMessage`, and reports through callbacks. It never reconnects by
 * itself — retry, fallback and resume are the client's policy. After `close()` it calls nothing.
 */
import type { ClientMessage, ServerMessage } from "@tickerwire/protocol";
import type { ClientError } from "../errors.ts";
import type { ClientEnv, ClientLogger, TransportKind } from "../types.ts";

export interface TransportClose {
  /** WebSocket close code (1006 when the socket failed without a close frame). */
  code?: number;
  /** HTTP status of a refused SSE request. */
  status?: number;
  reason: string;
}

export interface TransportCallbacks {
  /** A decoded message (event or control). */
  message(msg: ServerMessage): void;
  /** A frame that failed to decode; the connection stays usable. */
  invalid(error: ClientError): void;
  /** Bytes arrived (including keep-alive traffic the message callback never sees). */
  activity(): void;
  /** The connection ended (failed to open, or dropped). Called at most once. */
  closed(info: TransportClose): void;
}

export interface Transport {
  readonly kind: TransportKind;
  /** True when `activity()` also fires for the hub's keep-alive traffic (SSE `: heartbeat` comments). */
  readonly seesKeepAlive: boolean;
  /** Sends a control message; false when this transport cannot (SSE) or is not open. */
  send(msg: ClientMessage): boolean;
  /** Closes without calling back. */
  close(): void;
}

export interface TransportOpenOptions {
  url: string;
  env: ClientEnv;
  callbacks: TransportCallbacks;
  logger: ClientLogger;
}

export type TransportFactory = (options: TransportOpenOptions) => Transport;
