/**
 * `startServer(config)`: creates the bus (unless given one), the hub, transports, metrics and
 * routes, and listens with Bun.serve. `stop()` shuts down gracefully: stop accepting, close every
 * WebSocket with 1001 and end every SSE stream, wait (bounded), then flush and close the bus.
 */
import { type Bus, type BusConfig, createBus } from "@tickerwire/bus";
import { CLOSE_CODES } from "@tickerwire/protocol";
import { createApp } from "./app.ts";
import type { Config } from "./config.ts";
import { errorResponse } from "./http-errors.ts";
import { createHub, type Hub } from "./hub/hub.ts";
import { createLogger, type Logger } from "./logger.ts";
import { createClientReports } from "./metrics/client-reports.ts";
import { createMetrics } from "./metrics/metrics.ts";
import { dashboardRoutes, loadDashboard } from "./routes/dashboard.ts";
import { createStreamFastPath } from "./routes/stream-fast-path.ts";
import { createSecurity, ticketBackendFor } from "./security/setup.ts";
import { createSseTransport } from "./transports/sse.ts";
import { createWsBroadcaster, createWsHandlers, type WsServer } from "./transports/ws.ts";

export interface StartOptions {
  /** Use this bus instead of creating one from the config (it is then not closed by `stop`). */
  bus?: Bus;
  logger?: Logger;
  /** Longest wait for connections to finish during `stop` before they are cut (default 5 s). */
  shutdownGraceMs?: number;
}

export interface RunningServer {
  /** e.g. `http://127.0.0.1:43121` (the real port when 0 was asked). */
  readonly url: string;
  readonly port: number;
  readonly bus: Bus;
  readonly hub: Hub;
  readonly server: WsServer;
  /** Graceful shutdown; idempotent. */
  stop(): Promise<void>;
}

export function busConfigFrom(config: Config, logger: Logger): BusConfig {
  if (config.bus === "redis") {
    return {
      engine: "redis",
      url: config.redisUrl,
      keyPrefix: config.redisKeyPrefix,
      ...(config.instanceId ? { instanceId: config.instanceId } : {}),
      windowSize: config.memoryWindow,
      maxEvents: config.historyMaxEvents,
      maxAgeMs: config.historyMaxAgeMs,
      logger,
    };
  }
  return {
    engine: config.bus,
    path: config.dbPath,
    sync: config.dbSync,
    windowSize: config.memoryWindow,
    maxEvents: config.historyMaxEvents,
    maxAgeMs: config.historyMaxAgeMs,
    logger,
  };
}

export function formatUrl(host: string, port: number, tls = false): string {
  return `${tls ? "https" : "http"}://${host.includes(":") ? `[${host}]` : host}:${port}`;
}

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const ownsBus = options.bus === undefined;
  const bus = options.bus ?? (await createBus(busConfigFrom(config, logger)));
  const startedAt = Date.now();
  let server: WsServer | undefined;
  let stopping: Promise<void> | null = null;

  const broadcaster = createWsBroadcaster(() => server!);
  const reports = createClientReports();
  const hub = createHub({
    bus,
    broadcaster,
    logger,
    replayMaxEvents: config.replayMaxEvents,
    slowLane: {
      softLimit: config.wsSlowSoftLimit,
      hardBytes: config.wsSlowHardLimit,
      hardEvents: config.wsSlowHardEvents,
    },
    sweepMs: config.slowSweepMs,
    onReport: (r) => reports.add(r),
  });
  const sse = createSseTransport({
    hub,
    epoch: bus.epoch,
    currentSeq: () => bus.currentSeq(),
    bufferLimit: config.sseBufferLimit,
    softLimit: config.sseSlowSoftLimit,
    heartbeatMs: config.sseHeartbeatMs,
    retryMs: config.sseRetryMs,
    logger,
  });
  const security = createSecurity(config.security, logger, { tickets: ticketBackendFor(config) });
  const metrics = createMetrics({ hub, bus, reports, limitRejections: () => security.rejections });
  // Production (it has a CSP) builds the dashboard once and serves it precompressed; dev keeps HMR.
  const dashboard = await loadDashboard(
    { enabled: config.dashboard, htmlPath: config.dashboardHtml, production: config.security.csp },
    logger,
  );
  const tls = config.security.tls;
  const app = createApp({
    bus,
    hub,
    sse,
    metrics,
    reports,
    logger,
    maxBodyBytes: config.maxBodyBytes,
    startedAt,
    noDashboardReason: dashboard.kind === "none" ? dashboard.reason : null,
    isStopping: () => stopping !== null,
    gate: security.gate,
    wsGuard: security.wsGuard,
    headers: security.headers,
    ...(dashboard.kind === "built" ? { dashboardPage: async (req: Request) => dashboard.page.respond(req) } : {}),
  });

  const streamFastPath = createStreamFastPath({
    gate: security.gate,
    sse,
    wsGuard: security.wsGuard,
    headers: security.headers,
    isStopping: () => stopping !== null,
    fallback: (req, srv) => app.fetch(req, srv),
  });

  try {
    server = Bun.serve({
      hostname: config.host,
      port: config.port,
      development: config.nodeEnv !== "production" ? { hmr: true, console: false } : false,
      routes: dashboardRoutes(dashboard),
      ...(tls ? { tls: { cert: Bun.file(tls.cert), key: Bun.file(tls.key) } } : {}),
      fetch: (req, srv) =>
        // An HTTP/1.0 request without Host (e.g. a proxy's bare health check) has no absolute URL:
        // answer it plainly instead of failing deep inside routing.
        URL.canParse(req.url)
          ? (streamFastPath(req, srv) ?? app.fetch(req, srv))
          : errorResponse(400, "invalid_header", "the request has no Host header; send HTTP/1.1 with Host"),
      websocket: createWsHandlers({
        hub,
        broadcaster,
        maxFrameBytes: config.maxFrameBytes,
        bufferLimit: config.wsBufferLimit,
        idleTimeoutS: config.wsIdleTimeoutS,
        logger,
        guard: security.wsGuard,
      }),
      // Our own limit (MAX_BODY_BYTES) answers with JSON; Bun's must never come first.
      maxRequestBodySize: Math.max(128 << 20, config.maxBodyBytes * 2),
      error(e) {
        logger.error("http: unhandled error", { error: e });
        return errorResponse(500, "internal", "an unexpected server error");
      },
    });
  } catch (e) {
    sse.stop();
    hub.dispose();
    metrics.stop();
    await security.close();
    if (ownsBus) await bus.close();
    throw e;
  }
  const srv = server;
  const port = srv.port ?? config.port;
  const url = formatUrl(config.host, port, tls !== null);
  logger.info("server: listening", { url, engine: bus.engine, epoch: bus.epoch, dashboard: dashboard.kind !== "none" });

  async function shutdown(): Promise<void> {
    const grace = options.shutdownGraceMs ?? 5_000;
    logger.info("server: shutting down", { clients: hub.stats().clients });
    const drained = srv.stop(false);
    hub.closeAll(CLOSE_CODES.GOING_AWAY, "going away");
    sse.stop();
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([drained, new Promise((r) => (timer = setTimeout(r, grace)))]);
    clearTimeout(timer);
    await srv.stop(true);
    hub.dispose();
    metrics.stop();
    await security.close();
    if (ownsBus) await bus.close();
    logger.info("server: stopped");
  }

  return {
    url,
    port,
    bus,
    hub,
    server: srv,
    stop() {
      stopping ??= shutdown();
      return stopping;
    },
  };
}
