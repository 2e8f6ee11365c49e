/**
 * The HTTP routes (Hono). `/ws` upgrades through Bun's native `server.upgrade` (c.env is the Bun
 * server); `/sse` answers with our own coalescing stream. Every error is JSON with `error` and
 * `message`, except `/` without a dashboard, which explains itself in plain text.
 */
import type { Bus } from "@tickerwire/bus";
import { Hono } from "hono";
import { errorResponse, protocolErrorResponse } from "./http-errors.ts";
import type { Hub } from "./hub/hub.ts";
import type { Logger } from "./logger.ts";
import type { ClientReports } from "./metrics/client-reports.ts";
import type { ServerMetrics } from "./metrics/metrics.ts";
import { createClientReportHandler } from "./routes/client-reports.ts";
import { noDashboardResponse } from "./routes/dashboard.ts";
import { createHistoryHandler, createPublishHandler } from "./routes/events.ts";
import { createHealthHandler } from "./routes/health.ts";
import { createMetricsHandler } from "./routes/metrics.ts";
import type { SseTransport } from "./transports/sse.ts";
import { parseSubscriptionRequest } from "./transports/subscription-query.ts";
import type { WsServer } from "./transports/ws.ts";

export interface AppDeps {
  bus: Bus;
  hub: Hub;
  sse: SseTransport;
  metrics: ServerMetrics;
  reports: ClientReports;
  logger: Logger;
  maxBodyBytes: number;
  startedAt: number;
  /** Why `/` has no dashboard, when it has none (Bun's `routes` serve it otherwise). */
  noDashboardReason: string | null;
  isStopping(): boolean;
}

export type AppEnv = { Bindings: WsServer };

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

  app.get("/ws", (c) => {
    const parsed = parseSubscriptionRequest(new URL(c.req.url).searchParams);
    if (!parsed.ok) return protocolErrorResponse(parsed.error, 400, { parameter: parsed.parameter });
    if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
      return errorResponse(
        426,
        "invalid_header",
        "/ws is a WebSocket endpoint: send an Upgrade: websocket request",
        {},
        {
          Upgrade: "websocket",
        },
      );
    }
    if (c.env.upgrade(c.req.raw, { data: { request: parsed.value } })) {
      // Bun has taken the connection over; this response is never sent.
      return new Response(null);
    }
    return errorResponse(400, "invalid_header", "the WebSocket upgrade failed (bad handshake headers)");
  });

  app.get("/sse", (c) => {
    const parsed = parseSubscriptionRequest(new URL(c.req.url).searchParams, c.req.header("last-event-id") ?? null);
    if (!parsed.ok) return protocolErrorResponse(parsed.error, 400, { parameter: parsed.parameter });
    // Bun closes a response idle for 10 s; an SSE stream is idle between events by design.
    c.env.timeout(c.req.raw, 0);
    const req = c.req.raw;
    return d.sse.respond(parsed.value, { signal: req.signal, expire: () => c.env.timeout(req, 1) });
  });

  const events = { bus: d.bus, metrics: d.metrics, logger: d.logger, maxBodyBytes: d.maxBodyBytes };
  app.post("/api/v1/events", createPublishHandler(events));
  app.get("/api/v1/events", createHistoryHandler(events));
  app.post("/api/v1/client-reports", createClientReportHandler(d.reports));
  app.get(
    "/api/v1/health",
    createHealthHandler({ bus: d.bus, hub: d.hub, reports: d.reports, startedAt: d.startedAt }),
  );
  app.get("/metrics", createMetricsHandler(d.metrics));
  if (d.noDashboardReason !== null) {
    const reason = d.noDashboardReason;
    app.get("/", () => noDashboardResponse(reason));
  }

  app.all("/api/v1/events", methodNotAllowed("GET, POST"));
  app.all("/api/v1/client-reports", methodNotAllowed("POST"));
  for (const path of ["/ws", "/sse", "/api/v1/health", "/metrics"]) app.all(path, methodNotAllowed("GET"));

  app.notFound((c) =>
    errorResponse(404, "not_found", `no such endpoint: ${c.req.method} ${new URL(c.req.url).pathname}`),
  );
  app.onError((e, c) => {
    d.logger.error("http: unhandled error", { method: c.req.method, path: new URL(c.req.url).pathname, error: e });
    return errorResponse(500, "internal", "an unexpected server error");
  });
  return app;
}
