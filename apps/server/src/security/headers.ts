/**
 * Response headers: hono's secure headers everywhere; in production a content security policy the
 * dashboard passes (scripts and styles only from the hub itself, live connections only to it);
 * CORS on /api/* only for CORS_ORIGINS. Dev mode has no CSP: Bun's HMR injects inline scripts.
 */
import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { secureHeaders } from "hono/secure-headers";

/** The CSP for a page served from `host` (connect-src names the hub's own ws/wss endpoints). */
export function contentSecurityPolicy(host: string | null): string {
  const safeHost = host && /^[A-Za-z0-9.:[\]-]{1,255}$/.test(host) ? host : null;
  const connect = safeHost ? `'self' ws://${safeHost} wss://${safeHost}` : "'self'";
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `connect-src ${connect}`,
    "img-src 'self' data:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function securityHeaders(o: { csp: boolean; tls: boolean }): MiddlewareHandler {
  const base = secureHeaders({
    // HSTS only where the hub itself speaks TLS; over plain http it is ignored anyway.
    strictTransportSecurity: o.tls ? "max-age=15552000; includeSubDomains" : false,
    xFrameOptions: "DENY",
    // The dashboard's own scripts are same-origin; cross-origin API use goes through CORS.
    crossOriginResourcePolicy: false,
  });
  return async (c, next) => {
    await base(c, async () => {
      await next();
      if (o.csp && !c.res.headers.has("Content-Security-Policy")) {
        c.res.headers.set("Content-Security-Policy", contentSecurityPolicy(c.req.header("host") ?? null));
      }
    });
  };
}

/** CORS for /api/* (publish, history, tickets) when CORS_ORIGINS lists origins; nothing otherwise. */
export function corsFor(origins: readonly string[]): MiddlewareHandler | null {
  if (origins.length === 0) return null;
  return cors({
    origin: [...origins],
    allowMethods: ["GET", "POST"],
    allowHeaders: ["Authorization", "Content-Type", "Idempotency-Key"],
    maxAge: 600,
  });
}
