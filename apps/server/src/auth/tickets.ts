/**
 * Connect tickets: browsers cannot put an Authorization header on a WebSocket or EventSource, and
 * a JWT in a URL ends up in proxy and access logs. So a client trades its JWT (`POST
 * /api/v1/tickets`) for a random ticket that is short-lived (TICKET_TTL_S, 30 s), single-use,
 * bound to the client's IP and good only for opening one stream (`/ws` or `/sse`, optionally one
 * of them) — a leaked ticket is worth almost nothing.
 *
 * This module holds the `TicketStore` contract, the rules every store shares, and the in-memory
 * store (one instance, BUS=local). With BUS=redis every instance shares tickets through Redis
 * (redis-tickets.ts), so a ticket issued by one instance opens a stream on any other.
 */
import type { TicketAnswer, TicketPurpose, TransportKind } from "@tickerwire/protocol";
import type { Principal } from "./claims.ts";

/** What a store keeps for one outstanding ticket. */
export interface TicketEntry {
  principal: Principal;
  purpose: TicketPurpose;
  ip: string;
  /** Epoch ms; never later than the token's own expiry. */
  expiresAt: number;
}

/**
 * Where tickets live. Both methods reject with `TicketStoreUnavailableError` (and nothing else)
 * when the backing storage cannot answer in time: the caller answers 503, never 401.
 */
export interface TicketStore {
  issue(principal: Principal, purpose: TicketPurpose, ip: string): Promise<TicketAnswer>;
  /** The ticket's principal, consuming the ticket; null when unknown, used, expired, or for another use. */
  redeem(ticket: string, use: TransportKind, ip: string): Promise<Principal | null>;
  /** Releases the store's resources (a Redis connection); called once, on shutdown. */
  close(): Promise<void>;
}

/** The ticket storage cannot be reached or did not answer in time: retry later (HTTP 503). */
export class TicketStoreUnavailableError extends Error {
  override readonly name = "TicketStoreUnavailableError";
}

export interface TicketOptions {
  ttlMs: number;
  now?: () => number;
  random?: (bytes: number) => Uint8Array;
}

/** 256 bits: 43 base64url characters. */
export const TICKET_BYTES = 32;
const TICKET_RE = /^[A-Za-z0-9_-]{43}$/;

export const defaultRandom = (n: number): Uint8Array => crypto.getRandomValues(new Uint8Array(n));

/** A fresh random ticket. */
export function newTicket(random: (bytes: number) => Uint8Array = defaultRandom): string {
  return Buffer.from(random(TICKET_BYTES)).toString("base64url");
}

/** True when `s` has the shape of a ticket this hub issues (anything else cannot be redeemed). */
export function looksLikeTicket(s: string): boolean {
  return TICKET_RE.test(s);
}

/** When a ticket issued at `t` expires: after the TTL, but never after the token it was made from. */
export function ticketExpiry(principal: Principal, t: number, ttlMs: number): number {
  return Math.min(t + ttlMs, principal.expiresAt);
}

/** Whole seconds left, as `expires_in` tells the client. */
export function expiresIn(expiresAt: number, t: number): number {
  return Math.max(0, Math.floor((expiresAt - t) / 1000));
}

/** Whether a (just consumed) ticket opens a `use` stream for `ip` at `t`. */
export function ticketAdmits(e: TicketEntry, use: TransportKind, ip: string, t: number): boolean {
  if (e.expiresAt <= t || e.ip !== ip) return false;
  return e.purpose === "stream" || e.purpose === use;
}

export interface MemoryTicketOptions extends TicketOptions {
  /** Most outstanding tickets (oldest dropped first). */
  max?: number;
}

export interface MemoryTicketStore extends TicketStore {
  /** Outstanding tickets (including expired ones not swept yet). */
  readonly size: number;
}

/** Tickets in this process's memory: redeemable only on the instance that issued them. */
export function createTicketStore(o: MemoryTicketOptions): MemoryTicketStore {
  const now = o.now ?? Date.now;
  const random = o.random ?? defaultRandom;
  const max = o.max ?? 100_000;
  // Insertion order = expiry order (one TTL for all), so sweeping stops at the first live one.
  const tickets = new Map<string, TicketEntry>();

  function sweep(t: number): void {
    for (const [k, e] of tickets) {
      if (e.expiresAt > t && tickets.size <= max) break;
      tickets.delete(k);
    }
  }

  return {
    async issue(principal, purpose, ip) {
      const t = now();
      sweep(t);
      const ticket = newTicket(random);
      const expiresAt = ticketExpiry(principal, t, o.ttlMs);
      tickets.set(ticket, { principal, purpose, ip, expiresAt });
      return { ticket, expires_in: expiresIn(expiresAt, t) };
    },
    async redeem(ticket, use, ip) {
      const e = tickets.get(ticket);
      if (!e) return null;
      tickets.delete(ticket); // single use, even when the attempt is refused
      return ticketAdmits(e, use, ip, now()) ? e.principal : null;
    },
    async close() {
      tickets.clear();
    },
    get size() {
      return tickets.size;
    },
  };
}
