/**
 * Connect tickets: browsers cannot put an Authorization header on a WebSocket or EventSource, and
 * a JWT in a URL ends up in proxy and access logs. So a client trades its JWT (`POST
 * /api/v1/tickets`) for a random ticket that is short-lived (TICKET_TTL_S, 30 s), single-use,
 * bound to the client's IP and good only for opening one stream (`/ws` or `/sse`, optionally one
 * of them) — a leaked ticket is worth almost nothing. In memory: with several instances behind a
 * load balancer, the ticket request and the connect must reach the same instance (sticky).
 */
import type { Principal } from "./claims.ts";

export type TicketPurpose = "ws" | "sse" | "stream";

interface Entry {
  principal: Principal;
  purpose: TicketPurpose;
  ip: string;
  expiresAt: number;
}

export interface TicketStore {
  issue(principal: Principal, purpose: TicketPurpose, ip: string): { ticket: string; expires_in: number };
  /** The ticket's principal, consuming the ticket; null when unknown, used, expired, or for another use. */
  redeem(ticket: string, use: "ws" | "sse", ip: string): Principal | null;
  readonly size: number;
}

export interface TicketOptions {
  ttlMs: number;
  /** Most outstanding tickets (oldest dropped first). */
  max?: number;
  now?: () => number;
  random?: (bytes: number) => Uint8Array;
}

export function createTicketStore(o: TicketOptions): TicketStore {
  const now = o.now ?? Date.now;
  const random = o.random ?? ((n) => crypto.getRandomValues(new Uint8Array(n)));
  const max = o.max ?? 100_000;
  // Insertion order = expiry order (one TTL for all), so sweeping stops at the first live one.
  const tickets = new Map<string, Entry>();

  function sweep(t: number): void {
    for (const [k, e] of tickets) {
      if (e.expiresAt > t && tickets.size <= max) break;
      tickets.delete(k);
    }
  }

  return {
    issue(principal, purpose, ip) {
      const t = now();
      sweep(t);
      const ticket = Buffer.from(random(32)).toString("base64url");
      // A ticket never outlives the token it was made from.
      const expiresAt = Math.min(t + o.ttlMs, principal.expiresAt);
      tickets.set(ticket, { principal, purpose, ip, expiresAt });
      return { ticket, expires_in: Math.max(0, Math.floor((expiresAt - t) / 1000)) };
    },
    redeem(ticket, use, ip) {
      const e = tickets.get(ticket);
      if (!e) return null;
      tickets.delete(ticket); // single use, even when the attempt is refused
      if (e.expiresAt <= now() || e.ip !== ip) return null;
      if (e.purpose !== "stream" && e.purpose !== use) return null;
      return e.principal;
    },
    get size() {
      return tickets.size;
    },
  };
}
