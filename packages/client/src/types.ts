/**
 * The public surface of the SDK: options, the client interface and the injectable environment.
 * Message shapes come from @tickerwire/protocol; nothing here redefines them.
 */
import type {
  ConnectedMessage,
  Filter,
  HubEvent,
  ReplayedMessage,
  SnapshotMessage,
  TransportKind,
} from "@tickerwire/protocol";
import type { ClientError } from "./errors.ts";
import type { TokenSource } from "./token-source.ts";

/** Protocol's transport kinds, part of the SDK's public surface. */
export type { TransportKind } from "@tickerwire/protocol";

/**
 * `connecting` until the first connection is open; `open`; `reconnecting` after having been open;
 * `idle` while no topic is subscribed (no connection at all until `subscribe()`, which goes on
 * with `connecting`); `closed` for good.
 */
export type ClientState = "idle" | "connecting" | "open" | "reconnecting" | "closed";

export interface StateChange {
  from: ClientState;
  to: ClientState;
  transport: TransportKind | null;
}

export interface ClientLogger {
  debug?(...a: unknown[]): void;
  warn?(...a: unknown[]): void;
}

type TimerHandle = unknown;

/** The part of the Web Locks API `connectShared` uses (`navigator.locks` in browsers). */
export interface LockManagerLike {
  request(
    name: string,
    options: { mode?: "exclusive" | "shared"; signal?: AbortSignal },
    callback: (lock: unknown) => unknown,
  ): Promise<unknown>;
}

/** The part of `BroadcastChannel` `connectShared` uses; messages are structured-cloned. */
export interface BroadcastChannelLike {
  onmessage: ((event: MessageEvent) => unknown) | null;
  postMessage(message: unknown): void;
  close(): void;
}
export type BroadcastChannelConstructor = new (name: string) => BroadcastChannelLike;

/** Everything the SDK takes from its runtime; browsers and Bun supply the defaults, tests fakes. */
export interface ClientEnv {
  WebSocket: typeof WebSocket | undefined;
  EventSource: typeof EventSource | undefined;
  fetch: typeof fetch | undefined;
  /** For `connectShared` only: tabs talk over it (the global in browsers). */
  BroadcastChannel: BroadcastChannelConstructor | undefined;
  /** For `connectShared` only: leader election (`navigator.locks` in browsers). */
  locks: LockManagerLike | undefined;
  /** Wall-clock milliseconds (compared with the hub's timestamps, so not `performance.now`). */
  now(): number;
  random(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
  setInterval(fn: () => void, ms: number): TimerHandle;
  clearInterval(handle: TimerHandle): void;
  /**
   * Runs `fn` once after about `ms` to batch work (the relay to other tabs); returns a cancel.
   * Not the client's clock: it never decides a timeout, so a test on a fake clock keeps real
   * batching. Default: the global setTimeout.
   */
  defer(fn: () => void, ms: number): () => void;
  /**
   * Calls `listener` when the device is back on the network (the browser's `online` event, in a
   * page or a worker); returns an unsubscribe. Default: the global `online` event where the
   * runtime has one, else never (Bun, Node).
   */
  onOnline(listener: () => void): () => void;
}

export interface BackoffOptions {
  minMs?: number;
  maxMs?: number;
  factor?: number;
  /** A connection that stayed up this long resets the attempt counter. */
  resetAfterMs?: number;
}

export interface ClientOptions {
  /** Hub base URL(s) "http://host:port"; several = failover list, rotated on failure. */
  url: string | string[];
  /** Topic patterns, default [">"]. */
  topics?: string[];
  filter?: Filter;
  /** Transports in order of preference, default ["ws", "sse"]; ["sse"] forces SSE. */
  transports?: TransportKind[];
  /** Start from a known cursor (e.g. after a page reload); `{ seq: 0 }` replays the hub's history. */
  resume?: { epoch?: string; seq: number };
  /**
   * Start from the hub's desk state: a `snapshot` (state at seq S) then every event after S. On a
   * reconnect the client resumes from its cursor as usual and gets a fresh snapshot only when the
   * hub can no longer replay from it; a change of topics or filter takes a fresh snapshot too.
   */
  snapshot?: boolean;
  backoff?: BackoffOptions;
  /** A transport must deliver `connected` within this or we fall back (5000). */
  openTimeoutMs?: number;
  /** No traffic for this long → the connection is dead → reconnect (45000). */
  deadAfterMs?: number;
  /** App-level ping on WebSocket, for latency (10000). */
  pingIntervalMs?: number;
  /** After falling back to SSE, retry WebSocket this often (60000). */
  preferredRetryMs?: number;
  /**
   * Send the hub a lag report (event latency p50/p99/max, events behind) at most this often
   * (10000; 0 = never): over the WebSocket, or POSTed to `/api/v1/client-reports` on SSE.
   */
  reportIntervalMs?: number;
  env?: Partial<ClientEnv>;
  logger?: ClientLogger;
  /**
   * A JWT (or a function returning a fresh one) for a hub with AUTH=jwt: traded for a single-use
   * connect ticket before each (re)connect, and refreshed over the WebSocket before it expires.
   */
  token?: TokenSource;
}

export interface HubClient extends AsyncIterable<HubEvent> {
  /** Starts as "connecting" (not emitted); every later change is emitted on "state" (see ClientState). */
  readonly state: ClientState;
  readonly transport: TransportKind | null;
  /** Smoothed: WS = ping RTT/2; SSE = delivery lag from event.timestamp and the learned clock offset. */
  readonly latencyMs: number | null;
  readonly lastSeq: number;
  readonly epoch: string | null;
  readonly sessionId: string | null;
  readonly lastEventAt: number | null;
  on(kind: "event", cb: (e: HubEvent) => void): () => void;
  on(kind: "state", cb: (change: StateChange) => void): () => void;
  on(kind: "connected", cb: (m: ConnectedMessage) => void): () => void;
  /** A resume finished; `m.truncated` means history was lost (retention, new epoch): show a banner. */
  on(kind: "replayed", cb: (m: ReplayedMessage) => void): () => void;
  /** (`snapshot: true`) The desk state at `m.seq`: replace what you hold; events after it follow. */
  on(kind: "snapshot", cb: (m: SnapshotMessage) => void): () => void;
  /** Invalid messages, hub `error`s, transport failures: reported here, never thrown into the app. */
  on(kind: "error", cb: (e: ClientError) => void): () => void;
  /** WS: sends `subscribe`; SSE: reconnects with the new query, resuming from lastSeq. */
  subscribe(topics: string[], filter?: Filter): void;
  unsubscribe(topics: string[]): void;
  setFilter(filter: Filter | undefined): void;
  /**
   * Every event from now on, for `for await`. Events wait in memory until consumed (a consumer
   * that stops reading should `break`); the iteration ends when the client closes.
   */
  events(): AsyncIterableIterator<HubEvent>;
  /** State → closed; no more reconnects. */
  close(): void;
}

/** `solo`: an ordinary connection; `leader`/`follower`: tabs sharing one (see `connectShared`). */
export type ClientRole = "leader" | "follower" | "solo";

/** A client that may share its connection with other tabs; `role` says which part it plays now. */
export interface SharedHubClient extends HubClient {
  readonly role: ClientRole;
}

export interface SharedClientOptions extends ClientOptions {
  /** Prefix of the BroadcastChannel and lock names ("tickerwire"); a hash of url+topics+filter follows. */
  channelName?: string;
}

/** The listener map behind `on()`. */
export interface ClientEvents {
  event: HubEvent;
  state: StateChange;
  connected: ConnectedMessage;
  replayed: ReplayedMessage;
  snapshot: SnapshotMessage;
  error: ClientError;
}
