/**
 * The event bus seam between publishers and deliverers. The server and transports only see this
 * interface; an engine (in-process + SQLite by default, Redis for several instances) sits behind it.
 */
import type { Filter, HubEvent, PublishableEvent } from "@tickerwire/protocol";

/** An event as the bus stored it: the wire event plus its wire JSON, serialized exactly once. */
export type StoredEvent = HubEvent & {
  /** `encodeEvent(event)`: what every socket and stream is sent. */
  readonly json: string;
};

export interface PublishOptions {
  /**
   * Makes a retry safe: the same key again returns the original events (with their seqs) and
   * publishes nothing new. Keys are remembered for the bus's idempotency window.
   */
  idempotencyKey?: string;
}

export interface PublishResult {
  events: StoredEvent[];
  /** True when the idempotency key was seen before and nothing new was published. */
  duplicate: boolean;
}

export interface HistoryQuery {
  /** Return events with seq > after. 0 = from the beginning. */
  after: number;
  /** The epoch the cursor belongs to. A different epoch means "start over": replay all, truncated. */
  epoch?: string;
  /** Only events on topics matching one of these patterns (default: all). */
  patterns?: readonly string[];
  filter?: Filter;
  /** Max events in this page (the engine caps it, e.g. at 1,000). */
  limit?: number;
}

export interface HistoryPage {
  events: StoredEvent[];
  /**
   * True when events after the cursor existed but are gone (retention), or the cursor is from
   * another epoch or from the future: the reader cannot be given everything it missed.
   */
  truncated: boolean;
  /** True when more events match after the last one returned (ask again with its seq). */
  hasMore: boolean;
  /** The seq the next page should start after (the last event scanned, matching or not). */
  nextAfter: number;
  epoch: string;
  currentSeq: number;
  /** The oldest seq still held (0 when empty). */
  oldestSeq: number;
}

export type BusState = "ok" | "degraded" | "down";

export interface BusInfo {
  engine: string;
  epoch: string;
  currentSeq: number;
  oldestSeq: number;
  /** Events held in the history. */
  size: number;
  state: BusState;
  /** Engine-specific details (file path, Redis URL and connection state, instance id...). */
  details: Record<string, unknown>;
}

/** Thrown by `publish` when the bus cannot make events durable (e.g. Redis down): answer 503. */
export class BusUnavailableError extends Error {
  override readonly name: string = "BusUnavailableError";
}

/** Thrown by `publish` and `history` once the bus is closed (shutdown): also a 503 for the server. */
export class BusClosedError extends BusUnavailableError {
  override readonly name = "BusClosedError";
  constructor(message = "the bus is closed") {
    super(message);
  }
}

/** Thrown by `publish` when an idempotency key is reused with a different request body. */
export class IdempotencyConflictError extends Error {
  override readonly name = "IdempotencyConflictError";
}

export type Unsubscribe = () => void;

/**
 * What a bus engine logs through. Every method is optional, so a console, a pino-style logger or
 * nothing at all fits. Engines call `(message, fields)`.
 */
export interface BusLogger {
  debug?(...args: unknown[]): void;
  info?(...args: unknown[]): void;
  warn?(...args: unknown[]): void;
  error?(...args: unknown[]): void;
}

export interface Bus {
  readonly engine: string;
  /** Identifies this history; changes when the store is new (a client then starts over). */
  readonly epoch: string;
  /** The last assigned seq (0 before the first event). */
  currentSeq(): number;
  /**
   * Assigns seqs and timestamps, makes the batch durable (one transaction), then delivers it to
   * live listeners, and only then resolves. All or nothing.
   */
  publish(events: readonly PublishableEvent[], options?: PublishOptions): Promise<PublishResult>;
  /** Events after a cursor, in seq order, paged. */
  history(query: HistoryQuery): Promise<HistoryPage>;
  /**
   * Live events, in seq order, in the batches they were published in. Called synchronously for
   * the local engine once durable; for Redis, as they arrive from the shared stream. The hub has
   * one listener and does the per-connection fan-out itself.
   */
  onEvents(listener: (batch: readonly StoredEvent[]) => void): Unsubscribe;
  info(): BusInfo;
  /** Flushes and closes the store. Idempotent. */
  close(): Promise<void>;
}
