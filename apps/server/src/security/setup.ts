/**
 * Builds the hub's security pieces from the configuration: the token verifier (null when
 * AUTH=off), tickets, the request gate, the per-socket guard and the rejection counters.
 */
import { createRedisTicketStore } from "../auth/redis-tickets.ts";
import { createTicketStore, type TicketStore } from "../auth/tickets.ts";
import { createTokenVerifier } from "../auth/verifier.ts";
import type { Config } from "../config.ts";
import { createLimitRejections, type LimitRejections } from "../limits/rejections.ts";
import type { Logger } from "../logger.ts";
import type { SecurityConfig } from "./config.ts";
import { createGate, type Gate } from "./gate.ts";
import { createRejectionLog } from "./rejection-log.ts";
import { createWsGuard, type WsGuard } from "./ws-guard.ts";

export interface Security {
  gate: Gate;
  wsGuard: WsGuard;
  rejections: LimitRejections;
  headers: { csp: boolean; tls: boolean; corsOrigins: readonly string[] };
  /** Releases what security holds open (the ticket store's Redis connection); on shutdown. */
  close(): Promise<void>;
}

/**
 * Where connect tickets live: this process's memory (one instance), or the bus's Redis so that
 * every instance of the hub redeems tickets any of them issued (no sticky sessions).
 */
export type TicketBackend = { kind: "memory" } | { kind: "redis"; url: string; keyPrefix: string };

/** The ticket backend that matches the bus: Redis with BUS=redis, memory otherwise. */
export function ticketBackendFor(config: Pick<Config, "bus">): TicketBackend {
  return config.bus.engine === "redis"
    ? { kind: "redis", url: config.bus.redisUrl, keyPrefix: config.bus.redisKeyPrefix }
    : { kind: "memory" };
}

export interface SecurityOptions {
  now?: () => number;
  /** Default: memory. */
  tickets?: TicketBackend;
}

export function createSecurity(s: SecurityConfig, logger: Logger, o: SecurityOptions = {}): Security {
  const now = o.now ?? Date.now;
  const verifier = s.auth ? createTokenVerifier({ ...s.auth, now }) : null;
  const rejections = createLimitRejections();
  const note = createRejectionLog(rejections, logger, now);
  const tickets = createTickets(s, logger, now, o.tickets ?? { kind: "memory" });
  return {
    gate: createGate({ security: s, verifier, tickets, note, now }),
    wsGuard: createWsGuard({ verifier, msgRate: s.wsMsgRate, maxSubscriptions: s.maxSubscriptions, note, now }),
    rejections,
    headers: { csp: s.csp, tls: s.tls !== null, corsOrigins: s.corsOrigins },
    close: () => tickets.close(),
  };
}

function createTickets(s: SecurityConfig, logger: Logger, now: () => number, backend: TicketBackend): TicketStore {
  // With AUTH=off nobody issues or redeems tickets: no Redis connection for them.
  if (backend.kind === "memory" || !s.auth) return createTicketStore({ ttlMs: s.ticketTtlMs, now });
  return createRedisTicketStore({ ttlMs: s.ticketTtlMs, now, url: backend.url, keyPrefix: backend.keyPrefix, logger });
}
