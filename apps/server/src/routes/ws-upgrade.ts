/**
 * `GET /ws`: the subscription from the query, the gate (credentials, origin, limits), then Bun's
 * upgrade. Shared by the Hono route and the fast path that server.ts puts in front of Hono.
 */
import { Hono } from "hono";
import { errorResponse, protocolErrorResponse } from "../http-errors.ts";
import type { Gate, GateContext } from "../security/gate.ts";
import { securityHeaders } from "../security/headers.ts";
import type { WsGuard } from "../security/ws-guard.ts";
import { parseSubscriptionRequest } from "../transports/subscription-query.ts";
import type { WsServer } from "../transports/ws.ts";

export interface WsUpgradeDeps {
  gate: Gate;
  wsGuard: WsGuard;
}

export type WsUpgradeContext = GateContext & { env: WsServer };

/** Upgrades the request, or answers why not; null: Bun has taken the connection over. */
export async function upgradeWs(d: WsUpgradeDeps, c: WsUpgradeContext): Promise<Response | null> {
  const parsed = parseSubscriptionRequest(queryOf(c.req.url));
  if (!parsed.ok) return protocolErrorResponse(parsed.error, 400, { parameter: parsed.parameter });
  // Credentials, origin and limits first: a refused upgrade answers with a readable status.
  const grant = await d.gate.stream(c, "ws", parsed.value.patterns);
  if (grant instanceof Response) return grant;
  if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
    grant.release();
    return errorResponse(
      426,
      "invalid_header",
      "/ws is a WebSocket endpoint: send an Upgrade: websocket request",
      {},
      { Upgrade: "websocket" },
    );
  }
  const guard = d.wsGuard.state(grant.principal, grant.ip, grant.release);
  // Every field up front: the object keeps one shape for the socket's life.
  const data = { request: parsed.value, guard, conn: undefined, session: undefined };
  if (c.env.upgrade(c.req.raw, { data })) return null;
  grant.release();
  return errorResponse(400, "invalid_header", "the WebSocket upgrade failed (bad handshake headers)");
}

/** The query of an absolute request URL, without building a URL object. */
function queryOf(url: string): URLSearchParams {
  const q = url.indexOf("?");
  return new URLSearchParams(q < 0 ? "" : url.slice(q + 1));
}

/** The path of an absolute request URL, without building a URL object. */
export function pathOf(url: string): string {
  const start = url.indexOf("/", url.indexOf("//") + 2);
  if (start < 0) return "/";
  const query = url.indexOf("?", start);
  return query < 0 ? url.slice(start) : url.slice(start, query);
}

export interface WsFastPathOptions extends WsUpgradeDeps {
  headers: { csp: boolean; tls: boolean };
  isStopping(): boolean;
  /** The app, for everything the fast path does not take. */
  fallback(req: Request, server: WsServer): Response | Promise<Response>;
}

/**
 * `/ws` upgrades in front of Hono. A hub holds thousands of idle sockets, and routing each
 * upgrade through Hono's context and middleware left about 2 KB of extra memory per connection
 * (server RSS, measured with 2,000 idle sockets). Only a WebSocket GET on exactly `/ws` takes
 * this path; anything it refuses gets the app's security headers, and every other request
 * (including `/ws` without an upgrade, or while stopping) goes to the app unchanged.
 * Returns undefined for requests it does not take.
 */
export function createWsFastPath(o: WsFastPathOptions) {
  // Refusals are rare: they borrow the app's header middleware through a one-route app.
  const refused = new WeakMap<Request, Response>();
  const decorate = new Hono();
  decorate.use("*", securityHeaders(o.headers));
  decorate.all("*", (c) => refused.get(c.req.raw) ?? c.body(null, 500));
  const withHeaders = async (req: Request, res: Response): Promise<Response> => {
    refused.set(req, res);
    try {
      return await decorate.fetch(req);
    } finally {
      refused.delete(req);
    }
  };

  return (req: Request, server: WsServer): Promise<Response | undefined> | undefined => {
    if (req.method !== "GET" || pathOf(req.url) !== "/ws") return undefined;
    if (o.isStopping() || req.headers.get("upgrade")?.toLowerCase() !== "websocket") {
      return Promise.resolve(o.fallback(req, server));
    }
    const c: WsUpgradeContext = {
      req: { raw: req, url: req.url, header: (name) => req.headers.get(name) ?? undefined },
      env: server,
    };
    return upgradeWs(o, c).then((res) => (res ? withHeaders(req, res) : undefined));
  };
}
