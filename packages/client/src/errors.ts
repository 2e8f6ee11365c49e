/**
 * The one error type the SDK reports (through `on("error")`, never thrown into the app once
 * connected). `code` says what went wrong; `fatal` says the client gave up and is now closed.
 */
import type { ErrorCode, Issue, TransportKind } from "@tickerwire/protocol";

export type ClientErrorCode =
  /** A frame from the hub failed to decode (not JSON or not a protocol message). */
  | "invalid_message"
  /** The hub answered with an `error` message; `serverCode` has its code. */
  | "server_error"
  /** A transport failed to open or dropped. */
  | "transport_failed"
  /** A transport opened but did not deliver `connected` within openTimeoutMs. */
  | "open_timeout"
  /** No traffic for deadAfterMs: the connection was presumed dead and dropped. */
  | "dead_connection"
  /** The hub refused us for good (close 4001/4003/1008/1000, HTTP 400/401/403): no more retries. */
  | "rejected"
  /** Options or arguments the SDK cannot use (bad topic pattern, bad filter, no transport). */
  | "invalid_argument"
  /** A lag report could not be delivered (level "debug": harmless, the next one will try again). */
  | "report_failed";

/** "debug": informational, nothing the user needs to see (e.g. a lost lag report). */
export type ClientErrorLevel = "error" | "debug";

export interface ClientErrorDetails {
  transport?: TransportKind;
  /** WebSocket close code or HTTP status, when there is one. */
  status?: number;
  serverCode?: ErrorCode;
  issues?: Issue[];
  fatal?: boolean;
  level?: ClientErrorLevel;
  cause?: unknown;
}

export class ClientError extends Error {
  override readonly name = "ClientError";
  readonly transport: TransportKind | undefined;
  readonly status: number | undefined;
  readonly serverCode: ErrorCode | undefined;
  readonly issues: Issue[];
  readonly fatal: boolean;
  readonly level: ClientErrorLevel;

  constructor(
    readonly code: ClientErrorCode,
    message: string,
    details: ClientErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.transport = details.transport;
    this.status = details.status;
    this.serverCode = details.serverCode;
    this.issues = details.issues ?? [];
    this.fatal = details.fatal ?? false;
    this.level = details.level ?? "error";
  }
}
