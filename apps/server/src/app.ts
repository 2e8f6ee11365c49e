/**
 * The HTTP routes (Hono). `/ws` upgrades through Bun's native `server.upgrade` (c.env is the Bun
 * server); `/sse` answers with our own coalescing stream. Every error is JSON with `error` and
 * `message`, except `/` without a dashboard, which explains itself in plain text.
 */
import type { Bus } from "@tickerwire/bus";
import { type Context, Hono, type MiddlewareHandler } from "hono";
import type { Principal } from "./auth/claims.ts";
import type { DeskBook } from "./desk/desk-book.ts";
import { errorResponse } from "./http-errors.ts";
import type { Hub } from "./hub/hub.ts";
import type { Logger } from "./logger.ts";
import type { ClientReports } from "./metrics/client-reports.ts";
import type { ServerMetrics } from "./metrics/metrics.ts";
import { API_DOCS, createApiDocHandler } from "./routes/api-docs.ts";
import { createClientReportHandler } from "./routes/client-reports.ts";
import { noDashboardResponse } from "./routes/dashboard.ts";
import { createHistoryHandler, createPublishHandler } from "./routes/events.ts";
import { createHealthHandler } from "./routes/health.ts";
import { createHeartbeatHandler } from "./routes/heartbeat.ts";
import { createMetricsHandler } from "./routes/metrics.ts";
import { createSnapshotHandler } from "./routes/snapshot.ts";
import { connectSse } from "./routes/sse-connect.ts";
import { upgradeWs } from "./routes/ws-upgrade.ts";
import type { Gate } from "./security/gate.ts";
import { corsFor, securityHeaders } from "./security/headers.ts";
import type { WsGuard } from "./security/ws-guard.ts";
import type { SseTransport } from "./transports/sse.ts";
import type { WsServer } from "./transports/ws.ts";
import { engineIdentity } from "./watch/liveness/engine-id.ts";
import type { Watch } from "./watch/watch.ts";

export interface AppDeps {
  bus: Bus;
  hub: Hub;
  /** The desk state (snapshots); undefined with DESK_STATE=off. */
  desk: DeskBook | undefined;
  sse: SseTransport;
  metrics: ServerMetrics;
  reports: ClientReports;
  logger: Logger;
  maxBodyBytes: number;
  /** This hub process's name in health (INSTANCE_ID or its default). */
  instance: string;
  startedAt: number;
  /** Why `/` has no dashboard, when it has none (Bun's `routes` serve it otherwise). */
  noDashboardReason: string | null;
  isStopping(): boolean;
  /** Authentication, origins and limits (security/gate.ts) and the per-socket guard. */
  gate: Gate;
  wsGuard: WsGuard;
  headers: { csp: boolean; tls: boolean; corsOrigins: readonly string[] };
  /** Production: the dashboard page served through the app, so it gets the security headers. */
  dashboardPage?: (req: Request) => Promise<Response>;
  /** Engine liveness, alert rules and webhooks (watch/). */
  watch: Watch;
}

export type AppEnv = { Bindings: WsServer; Variables: { principal: Principal | null } };

function methodNotAllowed(allow: string): () => Response {
  return () => errorResponse(405, "method_not_allowed", `this endpoint accepts ${allow}`, {}, { Allow: allow });
}

export function createApp(d: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use("*", async (_c, next) => {
    if (d.isStopping()) {
      return errorResponse(503, "unavailable", "the server is shutting down", {}, { Connection: "close" });
    }
    await next();
  });
  app.use("*", securityHeaders(d.headers));
  const cors = corsFor(d.headers.corsOrigins);
  if (cors) app.use("/api/*", cors);

  app.get("/ws", async (c) => (await upgradeWs(d, c)) ?? new Response(null)); // null: Bun took it over

  app.get("/sse", (c) => connectSse(d, c));

  const principalOf = (c: Context) => (c.get("principal") as Principal | null | undefined) ?? null;
  /** The publishing engine (token sub, or X-Engine-Id), for liveness. */
  const identify = (c: Context) => {
    const id = engineIdentity(principalOf(c), (name) => c.req.header(name));
    return id.ok ? id : errorResponse(400, "invalid_header", id.message, { header: id.header });
  };
  const events = { bus: d.bus, metrics: d.metrics, logger: d.logger, maxBodyBytes: d.maxBodyBytes };
  // The middleware below authenticated the request; the handlers check its topics once parsed.
  const withAuth = {
    ...events,
    authorizeTopics: (c: Context, topics: readonly string[], scope: "publish" | "subscribe") =>
      d.gate.topics(principalOf(c), topics, scope),
    engine: (c: Context) => {
      const id = identify(c);
      if (id instanceof Response) return id;
      const { engine, intervalMs } = id;
      return { published: (n: number) => engine !== null && d.watch.sawEngine(engine, intervalMs, n) };
    },
  };
  const publisher: MiddlewareHandler<AppEnv> = async (c, next) => {
    const auth = await d.gate.bearer(c, "publish");
    if (auth instanceof Response) return auth;
    const limited = d.gate.publishRate(c, auth.principal);
    if (limited) return limited;
    c.set("principal", auth.principal);
    await next();
  };
  app.post("/api/v1/events", publisher, createPublishHandler(withAuth));
  app.post("/api/v1/heartbeat", publisher, createHeartbeatHandler({ watch: d.watch, identify }));
  const subscriber: MiddlewareHandler<AppEnv> = async (c, next) => {
    const auth = await d.gate.bearer(c, "subscribe");
    if (auth instanceof Response) return auth;
    c.set("principal", auth.principal);
    await next();
  };
  app.get("/api/v1/events", subscriber, createHistoryHandler(withAuth));
  const desk = d.desk;
  if (desk) {
    app.get("/api/v1/snapshot", subscriber, createSnapshotHandler({ desk, authorizeTopics: withAuth.authorizeTopics }));
  } else {
    app.get("/api/v1/snapshot", () => errorResponse(404, "not_found", "this hub keeps no desk state (DESK_STATE=off)"));
  }
  app.post("/api/v1/tickets", (c) => d.gate.issueTicket(c));
  app.post("/api/v1/client-reports", subscriber, createClientReportHandler(d.reports));
  app.get(
    "/api/v1/health",
    createHealthHandler({
      bus: d.bus,
      hub: d.hub,
      reports: d.reports,
      instance: d.instance,
      startedAt: d.startedAt,
      watch: () => d.watch.status(),
    }),
  );
  app.get("/metrics", createMetricsHandler(d.metrics));
  for (const [path, build] of Object.entries(API_DOCS)) app.get(path, createApiDocHandler(build));
  if (d.dashboardPage) {
    const page = d.dashboardPage;
    app.get("/", (c) => page(c.req.raw));
  }
  if (d.noDashboardReason !== null) {
    const reason = d.noDashboardReason;
    app.get("/", () => noDashboardResponse(reason));
  }

  app.all("/api/v1/events", methodNotAllowed("GET, POST"));
  app.all("/api/v1/client-reports", methodNotAllowed("POST"));
  app.all("/api/v1/tickets", methodNotAllowed("POST"));
  app.all("/api/v1/heartbeat", methodNotAllowed("POST"));
  for (const path of ["/ws", "/sse", "/api/v1/health", "/api/v1/snapshot", "/metrics", ...Object.keys(API_DOCS)]) {
    app.all(path, methodNotAllowed("GET"));
  }

  app.notFound((c) =>
    errorResponse(404, "not_found", `no such endpoint: ${c.req.method} ${new URL(c.req.url).pathname}`),
  );
  app.onError((e, c) => {
    d.logger.error("http: unhandled error", { method: c.req.method, path: new URL(c.req.url).pathname, error: e });
    return errorResponse(500, "internal", "an unexpected server error");
  });
  return app;
}
