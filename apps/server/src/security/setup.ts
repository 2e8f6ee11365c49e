/**
 * Builds the hub's security pieces from the configuration: the token verifier (null when
 * AUTH=off), tickets, the request gate, the per-socket guard and the rejection counters.
 */
import { createTicketStore } from "../auth/tickets.ts";
import { createTokenVerifier } from "../auth/verifier.ts";
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
}

export function createSecurity(s: SecurityConfig, logger: Logger, now: () => number = Date.now): Security {
  const verifier = s.auth ? createTokenVerifier({ ...s.auth, now }) : null;
  const rejections = createLimitRejections();
  const note = createRejectionLog(rejections, logger, now);
  const tickets = createTicketStore({ ttlMs: s.ticketTtlMs, now });
  return {
    gate: createGate({ security: s, verifier, tickets, note, now }),
    wsGuard: createWsGuard({ verifier, msgRate: s.wsMsgRate, maxSubscriptions: s.maxSubscriptions, note, now }),
    rejections,
    headers: { csp: s.csp, tls: s.tls !== null, corsOrigins: s.corsOrigins },
  };
}
