/**
 * The two Redis connections of an instance (commands, and a subscriber) and how they behave when
 * Redis goes away. Client choice: ioredis 6 for both. Bun's built-in RedisClient does not restore
 * subscriptions after a reconnect (docs/runtime-notes.md), and ioredis does; for commands, measured on
 * this box with the publish script under `appendfsync always`, the two were within noise of each
 * other (≈ 500–850 scripts/s awaited one by one, 6k–19k/s with 64 in flight: fsync bound, not
 * client bound), so one library with one set of failure semantics wins.
 *
 * Failure semantics chosen for "publishes fail clearly while Redis is down":
 * - no offline queue: a command issued while disconnected fails at once (no delayed publish);
 * - maxRetriesPerRequest 0 + no resend: a command in flight when the connection drops is rejected
 *   at once and never resent (its script may or may not have run; a retry with an idempotency key
 *   is safe, and the events, if stored, still reach every listener via the stream);
 * - commandTimeout: a hung Redis fails commands after a bound;
 * - reconnect forever with capped backoff; the subscriber resubscribes on its own.
 */
import Redis from "ioredis";
import { BusUnavailableError } from "../types.ts";
import { linkState, type RedisLinkState } from "./health.ts";
import { type ResolvedRedisBusOptions, redactUrl } from "./options.ts";

export function createRedisClient(o: ResolvedRedisBusOptions, role: "commands" | "subscriber"): Redis {
  return new Redis(o.url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    autoResubscribe: true,
    commandTimeout: o.commandTimeoutMs,
    connectTimeout: Math.min(o.connectTimeoutMs, 5_000),
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 10), o.reconnectMaxDelayMs),
    connectionName: `tickerwire:${o.instanceId}:${role}`.replace(/\s/g, "_"),
  });
}

/** Tracks one connection's readiness for `info()`; logs an outage once, not every retry. */
export class Link {
  private ready = false;
  private notReadySince: number;
  private outageLogged = false;

  constructor(
    readonly client: Redis,
    readonly role: string,
    private readonly o: ResolvedRedisBusOptions,
    onReady: () => void,
  ) {
    this.notReadySince = Date.now();
    client.on("ready", () => {
      if (this.outageLogged) o.logger.info?.("bus: Redis connection restored", { role, url: redactUrl(o.url) });
      this.ready = true;
      this.outageLogged = false;
      onReady();
    });
    client.on("close", () => {
      if (this.ready) this.notReadySince = Date.now();
      this.ready = false;
    });
    // Without a listener ioredis prints every failed reconnect to the console.
    client.on("error", (error: Error) => {
      if (this.outageLogged) return;
      this.outageLogged = true;
      o.logger.warn?.("bus: Redis connection problem", { role, url: redactUrl(o.url), error: error.message });
    });
  }

  get isReady(): boolean {
    return this.ready && this.client.status === "ready";
  }

  state(): RedisLinkState {
    return linkState(this.isReady, this.notReadySince, Date.now(), this.o.downAfterMs);
  }

  /** Connects (retrying) until ready or `timeoutMs`; then throws BusUnavailableError. */
  async open(timeoutMs: number): Promise<void> {
    if (this.isReady) return;
    const { promise, resolve, reject } = Promise.withResolvers<void>();
    const onReady = () => resolve();
    this.client.once("ready", onReady);
    const timer = setTimeout(
      () =>
        reject(new BusUnavailableError(`Redis at ${redactUrl(this.o.url)} is not reachable (waited ${timeoutMs} ms)`)),
      timeoutMs,
    );
    // A failed first attempt rejects connect(); the retry strategy keeps trying until the timer.
    this.client.connect().catch(() => {});
    try {
      await promise;
    } finally {
      clearTimeout(timer);
      this.client.off("ready", onReady);
    }
  }

  /** Closes for good: QUIT when connected (answers already sent arrive), else just drop it. */
  async close(): Promise<void> {
    try {
      if (this.isReady) await this.client.quit();
      else this.client.disconnect();
    } catch {
      this.client.disconnect();
    }
  }
}
