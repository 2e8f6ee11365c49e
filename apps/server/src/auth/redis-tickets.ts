/**
 * Connect tickets in Redis (BUS=redis): every instance of a hub shares them, so a ticket issued by
 * one instance opens a stream on any other, exactly once, with no sticky sessions.
 *
 * - Key `<REDIS_KEY_PREFIX>:ticket:<sha256 hex of the ticket>`: Redis (and anyone reading its
 *   keys, dumps or MONITOR) never sees a redeemable ticket.
 * - `SET ... PX <remaining life>`: Redis drops it when it expires (never later than its token).
 * - Redeem is one `GETDEL` (Redis ≥ 6.2): atomic, so of two instances redeeming one ticket at the
 *   same moment exactly one gets it; like the memory store, a refused attempt consumes it too.
 * - The value is JSON checked with zod on the way back in (ticket-record.ts).
 *
 * Failure semantics (as the bus's connection.ts): no offline queue, no resend, every command
 * bounded by `timeoutMs`; while Redis cannot answer, `issue` and `redeem` reject with
 * `TicketStoreUnavailableError` (the gate answers 503 + Retry-After, which clients retry) instead
 * of refusing the ticket as if it were wrong.
 */
import { createHash } from "node:crypto";
import { redactUrl } from "@tickerwire/bus";
import Redis from "ioredis";
import type { Logger } from "../logger.ts";
import { decodeTicketEntry, encodeTicketEntry } from "./ticket-record.ts";
import {
  defaultRandom,
  expiresIn,
  looksLikeTicket,
  newTicket,
  type TicketOptions,
  type TicketStore,
  TicketStoreUnavailableError,
  ticketAdmits,
  ticketExpiry,
} from "./tickets.ts";

export interface RedisTicketOptions extends TicketOptions {
  /** The bus's REDIS_URL. */
  url: string;
  /** The bus's REDIS_KEY_PREFIX (instances of one hub share it). */
  keyPrefix: string;
  /** Longest any Redis call may take, including waiting for a connection (default 2 s). */
  timeoutMs?: number;
  logger?: Pick<Logger, "info" | "warn">;
}

/** The Redis key of a ticket: a SHA-256 of it, never the ticket itself. */
export function ticketKey(keyPrefix: string, ticket: string): string {
  return `${keyPrefix}:ticket:${createHash("sha256").update(ticket).digest("hex")}`;
}

export function createRedisTicketStore(o: RedisTicketOptions): TicketStore {
  const now = o.now ?? Date.now;
  const random = o.random ?? defaultRandom;
  const timeoutMs = o.timeoutMs ?? 2_000;
  const where = redactUrl(o.url);
  const client = new Redis(o.url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    commandTimeout: timeoutMs,
    connectTimeout: timeoutMs,
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 10), 1_000),
    connectionName: "tickerwire:tickets",
  });
  let closed = false;
  let outage = false;
  client.on("ready", () => {
    if (outage) o.logger?.info("tickets: Redis connection restored", { url: where });
    outage = false;
  });
  // Without a listener ioredis prints every failed reconnect; log an outage once.
  client.on("error", (e: Error) => {
    if (outage) return;
    outage = true;
    o.logger?.warn("tickets: Redis connection problem", { url: where, error: e.message });
  });

  const unavailable = (why: string) => new TicketStoreUnavailableError(`ticket store (Redis at ${where}): ${why}`);

  /** Shared by every call waiting for the connection, so a burst adds one pair of listeners. */
  let waiting: Promise<void> | null = null;

  /** Resolves when the connection is ready; rejects at once on a connection error, or after timeoutMs. */
  function ready(): Promise<void> {
    if (closed) return Promise.reject(unavailable("closed"));
    if (client.status === "ready") return Promise.resolve();
    if (waiting) return waiting;
    const { promise, resolve, reject } = Promise.withResolvers<void>();
    const onReady = () => done(null);
    const onError = (e: Error) => done(unavailable(e.message));
    const timer = setTimeout(() => done(unavailable(`not connected after ${timeoutMs} ms`)), timeoutMs);
    function done(err: Error | null): void {
      clearTimeout(timer);
      client.off("ready", onReady);
      client.off("error", onError);
      waiting = null;
      if (err) reject(err);
      else resolve();
    }
    client.on("ready", onReady);
    client.on("error", onError);
    waiting = promise;
    return promise;
  }

  async function call<T>(command: () => Promise<T>): Promise<T> {
    await ready();
    try {
      return await command();
    } catch (e) {
      throw unavailable(e instanceof Error ? e.message : String(e));
    }
  }

  return {
    async issue(principal, purpose, ip) {
      const t = now();
      const ticket = newTicket(random);
      const expiresAt = ticketExpiry(principal, t, o.ttlMs);
      const lifeMs = Math.ceil(expiresAt - t);
      // A token already expired gets a ticket that nothing will redeem: nothing to store.
      if (lifeMs > 0) {
        const value = encodeTicketEntry({ principal, purpose, ip, expiresAt });
        await call(() => client.set(ticketKey(o.keyPrefix, ticket), value, "PX", lifeMs));
      }
      return { ticket, expires_in: expiresIn(expiresAt, t) };
    },

    async redeem(ticket, use, ip) {
      if (!looksLikeTicket(ticket)) return null; // never issued here: no round trip
      const raw = await call(() => client.getdel(ticketKey(o.keyPrefix, ticket)));
      if (raw === null) return null;
      const e = decodeTicketEntry(raw);
      if (!e) {
        o.logger?.warn("tickets: refused a ticket whose stored value is not a ticket record", { bytes: raw.length });
        return null;
      }
      return ticketAdmits(e, use, ip, now()) ? e.principal : null;
    },

    async close() {
      if (closed) return;
      closed = true;
      try {
        if (client.status === "ready") await client.quit();
        else client.disconnect();
      } catch {
        client.disconnect();
      }
    },
  };
}
