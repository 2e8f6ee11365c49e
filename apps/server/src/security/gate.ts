/**
 * The request gate in front of `/ws`, `/sse`, `/api/v1/events` and `/api/v1/tickets`: client IP,
 * Origin, connection limits, authentication (Bearer header, or a connect ticket for streams) and
 * authorisation (scopes and topic patterns). Each check answers with a clear JSON error:
 * 401 unauthorized, 403 forbidden, 429 rate_limited (with Retry-After), and 503 unavailable (with
 * Retry-After) when the ticket store cannot answer: a retry may work, so never 401 for that.
 */
import { type TicketAnswer, TicketPurposeSchema, type TransportKind } from "@tickerwire/protocol";
import { bearerToken } from "../auth/bearer.ts";
import type { Principal, Scope } from "../auth/claims.ts";
import { AuthError } from "../auth/errors.ts";
import { patternsOutside } from "../auth/pattern-within.ts";
import { type TicketStore, TicketStoreUnavailableError } from "../auth/tickets.ts";
import type { TokenVerifier } from "../auth/verifier.ts";
import { errorResponse } from "../http-errors.ts";
import { clientIp } from "../limits/client-ip.ts";
import { ConnTracker } from "../limits/conn-tracker.ts";
import { KeyedBuckets } from "../limits/token-bucket.ts";
import type { SecurityConfig } from "./config.ts";
import { originAllowed } from "./origin.ts";
import type { NoteRejection } from "./rejection-log.ts";

/** The part of Hono's context the gate reads; `env` is Bun's server (for requestIP). */
export interface GateContext {
  req: { raw: Request; url: string; header(name: string): string | undefined };
  env: { requestIP(req: Request): { address: string } | null } | undefined;
}

export interface StreamGrant {
  principal: Principal | null;
  ip: string;
  /** Frees the connection's per-IP slot; call once when it closes. */
  release: () => void;
}

export interface GateDeps {
  security: SecurityConfig;
  verifier: TokenVerifier | null;
  tickets: TicketStore;
  note: NoteRejection;
  now?: () => number;
}

export interface Gate {
  ip(c: GateContext): string;
  /** Everything a `/ws` or `/sse` request must pass before its stream opens. */
  stream(c: GateContext, kind: TransportKind, patterns: readonly string[]): Promise<StreamGrant | Response>;
  /** Bearer authentication with a scope; null principal when auth is off. */
  bearer(c: GateContext, scope: Scope): Promise<{ principal: Principal | null } | Response>;
  /** Publish rate per token subject (per IP with auth off). */
  publishRate(c: GateContext, principal: Principal | null): Response | null;
  /** 403 unless every topic/pattern is within the principal's patterns for `scope`. */
  topics(principal: Principal | null, topics: readonly string[], scope: Scope): Response | null;
  /** `POST /api/v1/tickets`. */
  issueTicket(c: GateContext): Promise<Response>;
  readonly authOn: boolean;
}

function authFailure(e: unknown): Response {
  const err = e instanceof AuthError ? e : new AuthError("unauthorized", "invalid credentials");
  const code = err.code === "forbidden" ? "forbidden" : err.code === "token_expired" ? "token_expired" : "unauthorized";
  return errorResponse(
    err.status,
    code,
    err.message,
    {},
    err.status === 401 ? { "WWW-Authenticate": 'Bearer realm="tickerwire"' } : {},
  );
}

/** The ticket store (Redis) cannot answer: clients back off and retry (401 would stop them). */
function ticketsUnavailable(): Response {
  return errorResponse(
    503,
    "unavailable",
    "connect tickets are unavailable right now; retry",
    {},
    { "Retry-After": "1" },
  );
}

function tooMany(limit: string, message: string, retryAfterS: number): Response {
  return errorResponse(429, "rate_limited", message, { limit }, { "Retry-After": String(retryAfterS) });
}

export function createGate(d: GateDeps): Gate {
  const s = d.security;
  const now = d.now ?? Date.now;
  const attempts = new KeyedBuckets({ ratePerS: s.connRatePerIp, burst: s.connBurstPerIp });
  const publishes = new KeyedBuckets({ ratePerS: s.publishRate, burst: s.publishRate * 2 });
  const conns = new ConnTracker(s.maxConnPerIp);

  function ip(c: GateContext): string {
    const peer = c.env?.requestIP?.(c.req.raw)?.address ?? "unknown";
    return clientIp(peer, c.req.header("x-forwarded-for"), s.trustedProxies);
  }

  /** The hub's origin as this request reached it; behind a trusted proxy its forwarded view. */
  function ownOrigin(c: GateContext): string | null {
    const peer = c.env?.requestIP?.(c.req.raw)?.address;
    const viaProxy = peer !== undefined && s.trustedProxies?.has(peer) === true;
    const proto =
      (viaProxy && c.req.header("x-forwarded-proto")?.split(",")[0]?.trim()) ||
      new URL(c.req.url).protocol.replace(":", "");
    const host = (viaProxy && c.req.header("x-forwarded-host")?.split(",")[0]?.trim()) || c.req.header("host");
    return host ? `${proto}://${host}` : null;
  }

  async function verify(token: string, scope: Scope): Promise<Principal> {
    if (!d.verifier) throw new AuthError("unauthorized", "authentication is off");
    const p = await d.verifier(token);
    if (!p.scopes.has(scope)) throw new AuthError("forbidden", `the token has no ${scope} scope`);
    return p;
  }

  const gate: Gate = {
    authOn: d.verifier !== null,
    ip,

    async stream(c, kind, patterns) {
      const addr = ip(c);
      const origin = c.req.header("origin") ?? null;
      // Without Origin (not a browser page) there is nothing to compare: skip building our own.
      if (origin !== null && !originAllowed(origin, ownOrigin(c), s.allowedOrigins)) {
        d.note("origin", { ip: addr, origin: origin.slice(0, 100) });
        return errorResponse(403, "forbidden", "this Origin may not connect (ALLOWED_ORIGINS)");
      }
      const attempt = attempts.take(addr, now());
      if (!attempt.ok) {
        d.note("conn_rate", { ip: addr });
        return tooMany("conn_rate", "too many connection attempts from this address", attempt.retryAfterS);
      }
      if (patterns.length > s.maxSubscriptions) {
        d.note("subscriptions", { ip: addr });
        return errorResponse(400, "too_many_subscriptions", `at most ${s.maxSubscriptions} patterns per connection`, {
          parameter: "topics",
        });
      }
      let principal: Principal | null = null;
      if (d.verifier) {
        const ticket = new URL(c.req.url).searchParams.get("ticket");
        const bearer = bearerToken(c.req.header("authorization"));
        try {
          if (ticket) {
            principal = await d.tickets.redeem(ticket, kind, addr);
            if (!principal)
              throw new AuthError("unauthorized", "the ticket is unknown, used, expired or not for this endpoint");
            if (principal.expiresAt <= now()) throw new AuthError("token_expired", "the ticket's token has expired");
          } else if (bearer) {
            principal = await verify(bearer, "subscribe");
          } else {
            throw new AuthError("unauthorized", "a ticket (?ticket=) or an Authorization: Bearer token is required");
          }
        } catch (e) {
          if (e instanceof TicketStoreUnavailableError) return ticketsUnavailable();
          d.note("auth", { ip: addr, why: e instanceof Error ? e.message : "?" });
          return authFailure(e);
        }
        const outside = patternsOutside(patterns, principal.subscribe);
        if (outside.length > 0) {
          d.note("auth", { ip: addr, why: "topics outside the token" });
          return errorResponse(403, "forbidden", `the token does not allow ${outside.slice(0, 5).join(", ")}`, {
            parameter: "topics",
          });
        }
      }
      const release = conns.acquire(addr);
      if (!release) {
        d.note("conn_per_ip", { ip: addr });
        return tooMany("conn_per_ip", `at most ${s.maxConnPerIp} open connections per address`, 5);
      }
      return { principal, ip: addr, release };
    },

    async bearer(c, scope) {
      if (!d.verifier) return { principal: null };
      const token = bearerToken(c.req.header("authorization"));
      try {
        if (!token) throw new AuthError("unauthorized", "an Authorization: Bearer token is required");
        return { principal: await verify(token, scope) };
      } catch (e) {
        d.note("auth", { ip: ip(c), why: e instanceof Error ? e.message : "?" });
        return authFailure(e);
      }
    },

    publishRate(c, principal) {
      const key = principal ? `sub:${principal.subject}` : `ip:${ip(c)}`;
      const r = publishes.take(key, now());
      if (r.ok) return null;
      d.note("publish_rate", { key });
      return tooMany("publish_rate", `at most ${s.publishRate} publish requests per second`, r.retryAfterS);
    },

    topics(principal, topics, scope) {
      if (!principal) return null;
      const outside = patternsOutside(topics, scope === "publish" ? principal.publish : principal.subscribe);
      if (outside.length === 0) return null;
      d.note("auth", { why: `${scope} outside the token` });
      return errorResponse(403, "forbidden", `the token does not allow ${scope} on ${outside.slice(0, 5).join(", ")}`);
    },

    async issueTicket(c) {
      const auth = await gate.bearer(c, "subscribe");
      if (auth instanceof Response) return auth;
      if (!auth.principal) return errorResponse(404, "not_found", "authentication is off: connect without a ticket");
      const purpose = TicketPurposeSchema.safeParse(new URL(c.req.url).searchParams.get("for") ?? "stream");
      if (!purpose.success) {
        return errorResponse(400, "invalid_query", "for must be ws, sse or stream", { parameter: "for" });
      }
      const attempt = attempts.take(`ticket:${ip(c)}`, now());
      if (!attempt.ok) {
        d.note("conn_rate", { ip: ip(c) });
        return tooMany("conn_rate", "too many ticket requests from this address", attempt.retryAfterS);
      }
      let t: TicketAnswer;
      try {
        t = await d.tickets.issue(auth.principal, purpose.data, ip(c));
      } catch (e) {
        if (e instanceof TicketStoreUnavailableError) return ticketsUnavailable();
        throw e;
      }
      return new Response(JSON.stringify(t), {
        status: 201,
        headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
      });
    },
  };
  return gate;
}
