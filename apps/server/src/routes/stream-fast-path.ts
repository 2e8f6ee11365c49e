/**
 * `/ws` upgrades and `/sse` streams in front of Hono. A hub holds thousands of idle connections,
 * and routing each one through Hono's context and middleware kept about 2 KB (WebSocket) and
 * 3 KB (SSE) more memory per connection alive for its whole life (server RSS, measured with 2,000
 * idle connections). Only a WebSocket GET on exactly `/ws` and a GET on exactly `/sse` take this
 * path, through the same functions as the app's routes (ws-upgrade.ts, sse-connect.ts); every
 * response it makes gets the app's security headers, and every other request (including `/ws`
 * without an upgrade, or anything while stopping) goes to the app unchanged.
 */
import { Hono } from "hono";
import type { GateContext } from "../security/gate.ts";
import { contentSecurityPolicy, securityHeaders } from "../security/headers.ts";
import type { WsServer } from "../transports/ws.ts";
import { pathOf } from "./request-url.ts";
import { connectSse, type SseConnectDeps } from "./sse-connect.ts";
import { upgradeWs, type WsUpgradeDeps } from "./ws-upgrade.ts";

export interface StreamFastPathOptions extends WsUpgradeDeps, SseConnectDeps {
  headers: { csp: boolean; tls: boolean };
  isStopping(): boolean;
  /** The app, for everything the fast path does not take. */
  fallback(req: Request, server: WsServer): Response | Promise<Response>;
}

export type StreamFastPath = (req: Request, server: WsServer) => Promise<Response | undefined> | undefined;

/** Returns undefined for requests it does not take (the caller hands them to the app). */
export function createStreamFastPath(o: StreamFastPathOptions): StreamFastPath {
  // The app's header middleware, borrowed through a one-route app that answers with our response.
  const made = new WeakMap<Request, Response>();
  const decorate = new Hono();
  decorate.use("*", securityHeaders(o.headers));
  decorate.all("*", (c) => made.get(c.req.raw) ?? c.body(null, 500));
  const withHeaders = async (req: Request, res: Response): Promise<Response> => {
    made.set(req, res);
    try {
      return await decorate.fetch(req);
    } finally {
      made.delete(req);
    }
  };
  // A stream's own response must not go through Hono: even a transient pass per stream raised the
  // hub's RSS by ~3 KB per idle stream. The middleware's headers do not depend on the request
  // except the CSP (its Host), so they are taken once from an empty response and the CSP is added
  // per stream as the middleware does. The stream is answered by a new Response made from a plain
  // header object: a Response whose `headers` were touched keeps a Headers object for its life.
  let fixed: Promise<[string, string][]> | null = null;
  const withStreamHeaders = async (req: Request, res: Response): Promise<Response> => {
    fixed ??= withHeaders(new Request("http://hub.invalid/"), new Response(null)).then((r) =>
      [...r.headers].filter(([name]) => name !== "content-security-policy"),
    );
    const headers: Record<string, string> = Object.fromEntries(res.headers);
    for (const [name, value] of await fixed) headers[name] ??= value;
    if (o.headers.csp) headers["content-security-policy"] = contentSecurityPolicy(req.headers.get("host"));
    return new Response(res.body, { status: res.status, headers });
  };
  const context = (req: Request, server: WsServer): GateContext & { env: WsServer } => ({
    req: { raw: req, url: req.url, header: (name) => req.headers.get(name) ?? undefined },
    env: server,
  });

  return (req, server) => {
    if (req.method !== "GET") return undefined;
    const path = pathOf(req.url);
    if (path === "/ws") {
      if (o.isStopping() || req.headers.get("upgrade")?.toLowerCase() !== "websocket") {
        return Promise.resolve(o.fallback(req, server));
      }
      // null: Bun has taken the connection over.
      return upgradeWs(o, context(req, server)).then((res) => (res ? withHeaders(req, res) : undefined));
    }
    if (path === "/sse") {
      if (o.isStopping()) return Promise.resolve(o.fallback(req, server));
      return connectSse(o, context(req, server)).then((res) =>
        res.status === 200 ? withStreamHeaders(req, res) : withHeaders(req, res),
      );
    }
    return undefined;
  };
}
