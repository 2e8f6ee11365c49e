/**
 * `startServer(config)`: creates the bus (unless given one), the hub, transports, metrics and
 * routes, and listens with Bun.serve. `stop()` shuts down gracefully: stop accepting, close every
 * WebSocket with 1001 and end every SSE stream, wait (bounded), then flush and close the bus.
 */
import { hostname } from "node:os";
import { type Bus, type BusConfig, createBus } from "@tickerwire/bus";
import { CLOSE_CODES } from "@tickerwire/protocol";
import { createApp } from "./app.ts";
import type { Config } from "./config.ts";
import { createDeskBook, type DeskBook } from "./desk/desk-book.ts";
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
import { hubDeskLedger } from "./watch/ledger/desk-ledger.ts";
import { setupWatch, type WatchSetupOptions } from "./watch/setup.ts";
import type { Watch } from "./watch/watch.ts";

export interface StartOptions {
  /** Use this bus instead of creating one from the config (it is then not closed by `stop`). */
  bus?: Bus;
  /**
   * With `bus`: the desk state it was created with as its projection. Without one, the desk state
   * of a given bus is folded from its live events only (it starts empty: tests).
   */
  desk?: DeskBook;
  logger?: Logger;
  /** Longest wait for connections to finish during `stop` before they are cut (default 5 s). */
  shutdownGraceMs?: number;
  /** The watch's ledger, clock, fetch and tick (tests; defaults otherwise). */
  watch?: WatchSetupOptions;
}

export interface RunningServer {
  /** e.g. `http://127.0.0.1:43121` (the real port when 0 was asked). */
  readonly url: string;
  readonly port: number;
  readonly bus: Bus;
  readonly hub: Hub;
  /** The desk state (undefined with DESK_STATE=off). */
  readonly desk: DeskBook | undefined;
  readonly server: WsServer;
  readonly watch: Watch;
  /** Graceful shutdown; idempotent. */
  stop(): Promise<void>;
}

/** This hub process's name in health and in Redis: INSTANCE_ID, else host name + pid. */
export function instanceIdOf(config: Config): string {
  return config.server.instanceId ?? `${hostname()}-${process.pid}`;
}

export function busConfigFrom(config: Config, logger: Logger, desk?: DeskBook): BusConfig {
  const projection = desk ? { projection: desk, checkpointEvery: config.bus.deskCheckpointEvery } : {};
  if (config.bus.engine === "redis") {
    return {
      ...projection,
      engine: "redis",
      url: config.bus.redisUrl,
      keyPrefix: config.bus.redisKeyPrefix,
      instanceId: instanceIdOf(config),
      windowSize: config.bus.memoryWindow,
      maxEvents: config.bus.historyMaxEvents,
      maxAgeMs: config.bus.historyMaxAgeMs,
      logger,
    };
  }
  return {
    ...projection,
    engine: config.bus.engine,
    path: config.bus.dbPath,
    sync: config.bus.dbSync,
    windowSize: config.bus.memoryWindow,
    maxEvents: config.bus.historyMaxEvents,
    maxAgeMs: config.bus.historyMaxAgeMs,
    logger,
  };
}

export function formatUrl(host: string, port: number, tls = false): string {
  return `${tls ? "https" : "http"}://${host.includes(":") ? `[${host}]` : host}:${port}`;
}

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger({ level: config.server.logLevel });
  const ownsBus = options.bus === undefined;
  // The bus is created with the desk as its projection; the desk learns the bus's epoch after.
  let busEpoch = "";
  const desk: DeskBook | undefined =
    options.desk ?? (config.bus.deskState ? createDeskBook({ epoch: () => busEpoch, logger }) : undefined);
  const bus: Bus = options.bus ?? (await createBus(busConfigFrom(config, logger, desk)));
  busEpoch = bus.epoch;
  // A bus made elsewhere without our desk as its projection: fold its live events (first listener).
  const unfoldExternal = desk && options.bus && !options.desk ? bus.onEvents((batch) => desk.apply(batch)) : null;
  const startedAt = Date.now();
  let server: WsServer | undefined;
  let stopping: Promise<void> | null = null;

  const broadcaster = createWsBroadcaster(() => server!);
  const reports = createClientReports();
  const hub = createHub({
    bus,
    broadcaster,
    logger,
    replayMaxEvents: config.server.replayMaxEvents,
    slowLane: {
      softLimit: config.ws.slowSoftLimit,
      hardBytes: config.ws.slowHardLimit,
      hardEvents: config.ws.slowHardEvents,
    },
    sweepMs: config.ws.slowSweepMs,
    onReport: (r) => reports.add(r),
    ...(desk ? { desk } : {}),
  });
  const sse = createSseTransport({
    hub,
    epoch: bus.epoch,
    currentSeq: () => bus.currentSeq(),
    bufferLimit: config.sse.bufferLimit,
    softLimit: config.sse.slowSoftLimit,
    heartbeatMs: config.sse.heartbeatMs,
    retryMs: config.sse.retryMs,
    logger,
  });
  let watch: Watch;
  try {
    // The rules read the hub's desk state (folded by the bus before any listener runs).
    watch = await setupWatch(config, bus, logger, {
      ...(desk ? { ledger: hubDeskLedger(desk) } : {}),
      ...options.watch,
    });
  } catch (e) {
    hub.dispose();
    sse.stop();
    if (ownsBus) await bus.close();
    throw e;
  }
  const security = createSecurity(config.security, logger, { tickets: ticketBackendFor(config) });
  const metrics = createMetrics({ hub, bus, reports, limitRejections: () => security.rejections, watch });
  // Production (it has a CSP) builds the dashboard once and serves it precompressed; dev keeps HMR.
  const dashboard = await loadDashboard(
    { enabled: config.server.dashboard, htmlPath: config.server.dashboardHtml, production: config.security.csp },
    logger,
  );
  const tls = config.security.tls;
  const app = createApp({
    bus,
    hub,
    desk,
    sse,
    metrics,
    reports,
    logger,
    maxBodyBytes: config.server.maxBodyBytes,
    instance: instanceIdOf(config),
    startedAt,
    noDashboardReason: dashboard.kind === "none" ? dashboard.reason : null,
    isStopping: () => stopping !== null,
    gate: security.gate,
    wsGuard: security.wsGuard,
    headers: security.headers,
    ...(dashboard.kind === "built" ? { dashboardPage: async (req: Request) => dashboard.page.respond(req) } : {}),
    watch,
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
      hostname: config.server.host,
      port: config.server.port,
      development: config.server.nodeEnv !== "production" ? { hmr: true, console: false } : false,
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
        maxFrameBytes: config.ws.maxFrameBytes,
        bufferLimit: config.ws.bufferLimit,
        idleTimeoutS: config.ws.idleTimeoutS,
        logger,
        guard: security.wsGuard,
      }),
      // Our own limit (MAX_BODY_BYTES) answers with JSON; Bun's must never come first.
      maxRequestBodySize: Math.max(128 << 20, config.server.maxBodyBytes * 2),
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
    await watch.stop();
    if (ownsBus) await bus.close();
    throw e;
  }
  const srv = server;
  const port = srv.port ?? config.server.port;
  const url = formatUrl(config.server.host, port, tls !== null);
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
    unfoldExternal?.();
    metrics.stop();
    await security.close();
    await watch.stop();
    if (ownsBus) await bus.close();
    logger.info("server: stopped");
  }

  return {
    url,
    port,
    bus,
    hub,
    desk,
    server: srv,
    watch,
    stop() {
      stopping ??= shutdown();
      return stopping;
    },
  };
}
