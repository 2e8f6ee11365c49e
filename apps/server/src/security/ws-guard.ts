/**
 * Per-WebSocket security: inbound message rate (answer `error rate_limited`; close 4008 when it
 * goes on), token expiry (close 4010 unless refreshed with `auth {token}`), and the token's
 * subscribe patterns and the subscription cap on `subscribe` messages. Runtime-neutral: works on
 * the hub's Connection and Session.
 */
import { CLOSE_CODES, type ClientMessage, ProtocolError } from "@tickerwire/protocol";
import type { Principal } from "../auth/claims.ts";
import { AuthError } from "../auth/errors.ts";
import { patternsOutside } from "../auth/pattern-within.ts";
import type { TokenVerifier } from "../auth/verifier.ts";
import type { Connection } from "../hub/connection.ts";
import type { Session } from "../hub/session.ts";
import { TokenBucket } from "../limits/token-bucket.ts";
import { atDeadline } from "./deadline.ts";
import type { NoteRejection } from "./rejection-log.ts";

/** What the gate attaches to an upgraded socket. */
export interface WsGuardState {
  principal: Principal | null;
  ip: string;
  release: () => void;
  /**
   * Message rate bucket, made at the first message (a bucket starts full, so making it late is
   * the same as making it at open): thousands of idle sockets carry no limiter state.
   */
  messages: TokenBucket | null;
  /** Each refused message takes a strike; no strikes left = a sustained flood → close 4008. Made at the first refusal. */
  strikes: TokenBucket | null;
  lastNoticeAt: number;
  cancelExpiry: (() => void) | null;
  closed: boolean;
}

export interface WsGuardOptions {
  verifier: TokenVerifier | null;
  /** Messages per second, sustained (bursts of 2x); 0 = unlimited. */
  msgRate: number;
  maxSubscriptions: number;
  note: NoteRejection;
  now?: () => number;
}

export interface WsGuard {
  state(principal: Principal | null, ip: string, release: () => void): WsGuardState;
  opened(g: WsGuardState, conn: Connection): void;
  /** Call for every frame before decoding; false: drop it (rate-limited or expired). */
  admit(g: WsGuardState, conn: Connection): boolean;
  /** Handles `auth`, checks `subscribe`; true when the message was consumed here. */
  intercept(g: WsGuardState, conn: Connection, session: Session, m: ClientMessage): boolean;
  closed(g: WsGuardState): void;
}

const STRIKES = { ratePerS: 1, burst: 20 };

export function createWsGuard(o: WsGuardOptions): WsGuard {
  const now = o.now ?? Date.now;

  function expire(g: WsGuardState, conn: Connection): void {
    if (g.closed) return;
    conn.sendControl(new ProtocolError("token_expired", "the token expired; reconnect with a new one").toMessage());
    conn.close(CLOSE_CODES.TOKEN_EXPIRED, "token expired");
  }

  function armExpiry(g: WsGuardState, conn: Connection): void {
    g.cancelExpiry?.();
    g.cancelExpiry = g.principal ? atDeadline(g.principal.expiresAt, () => expire(g, conn), now) : null;
  }

  async function refresh(g: WsGuardState, conn: Connection, session: Session, token: string): Promise<void> {
    if (!o.verifier) {
      conn.sendControl(new ProtocolError("invalid_message", "authentication is off on this hub").toMessage());
      return;
    }
    try {
      const p = await o.verifier(token);
      if (g.closed) return;
      if (!p.scopes.has("subscribe")) throw new AuthError("forbidden", "the new token has no subscribe scope");
      if (g.principal && p.subject !== g.principal.subject) {
        throw new AuthError("forbidden", "the new token is for another subject");
      }
      const outside = patternsOutside(session.patterns, p.subscribe);
      if (outside.length > 0)
        throw new AuthError("forbidden", `the new token does not cover ${outside.slice(0, 5).join(", ")}`);
      g.principal = p;
      armExpiry(g, conn);
    } catch (e) {
      const err = e instanceof AuthError ? e : new AuthError("unauthorized", "invalid token");
      o.note("auth", { ip: g.ip, why: err.message });
      // The old token still holds until it expires; the client may try again.
      conn.sendControl(
        new ProtocolError(err.code === "forbidden" ? "forbidden" : "unauthorized", err.message).toMessage(),
      );
    }
  }

  return {
    state(principal, ip, release) {
      return {
        principal,
        ip,
        release,
        messages: null,
        strikes: null,
        lastNoticeAt: Number.NEGATIVE_INFINITY,
        cancelExpiry: null,
        closed: false,
      };
    },
    opened(g, conn) {
      armExpiry(g, conn);
    },
    admit(g, conn) {
      const t = now();
      // Timers starve under a flood (docs/runtime-notes.md): check the deadline where messages arrive too.
      if (g.principal && t >= g.principal.expiresAt) {
        expire(g, conn);
        return false;
      }
      if (o.msgRate <= 0) return true;
      g.messages ??= new TokenBucket({ ratePerS: o.msgRate, burst: o.msgRate * 2 }, t);
      if (g.messages.take(t)) return true;
      o.note("ws_messages", { ip: g.ip });
      g.strikes ??= new TokenBucket(STRIKES, t);
      if (!g.strikes.take(t)) {
        conn.sendControl(new ProtocolError("rate_limited", "too many messages; closing").toMessage());
        conn.close(CLOSE_CODES.RATE_LIMITED, "rate limited: too many messages");
        return false;
      }
      // One notice per second at most: answering every refused frame would amplify the flood.
      if (t - g.lastNoticeAt >= 1000) {
        g.lastNoticeAt = t;
        conn.sendControl(
          new ProtocolError(
            "rate_limited",
            `at most ${o.msgRate} messages per second; this one was dropped`,
          ).toMessage(),
        );
      }
      return false;
    },
    intercept(g, conn, session, m) {
      if (m.type === "auth") {
        void refresh(g, conn, session, m.token);
        return true;
      }
      if (m.type !== "subscribe") return false;
      if (g.principal) {
        const outside = patternsOutside(m.topics, g.principal.subscribe);
        if (outside.length > 0) {
          o.note("auth", { ip: g.ip, why: "subscribe outside the token's patterns" });
          conn.sendControl(
            new ProtocolError("forbidden", `the token does not allow ${outside.slice(0, 5).join(", ")}`).toMessage(),
          );
          return true;
        }
      }
      const total = new Set([...session.patterns, ...m.topics]).size;
      if (total > o.maxSubscriptions) {
        o.note("subscriptions", { ip: g.ip });
        conn.sendControl(
          new ProtocolError(
            "too_many_subscriptions",
            `at most ${o.maxSubscriptions} patterns per connection`,
          ).toMessage(),
        );
        return true;
      }
      return false;
    },
    closed(g) {
      if (g.closed) return;
      g.closed = true;
      g.cancelExpiry?.();
      g.release();
    },
  };
}
