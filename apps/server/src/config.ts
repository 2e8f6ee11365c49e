/**
 * The server's configuration, grouped by concern — server, bus, ws, sse, security, watch — each
 * group read from its variables' specs (config/*-vars.ts, security/config-vars.ts), whose types,
 * parsers and README table (`bun scripts/config-doc.ts`) all come from those specs. A bad value
 * is a `ConfigError` whose message is one line naming the variable.
 */
import { isAbsolute, resolve } from "node:path";
import { BUS_VARS } from "./config/bus-vars.ts";
import { SERVER_VARS } from "./config/server-vars.ts";
import { ConfigError, readGroup, readVar, type Settings, type VarSpec } from "./config/spec.ts";
import { SSE_VARS } from "./config/sse-vars.ts";
import { WATCH_VARS } from "./config/watch-vars.ts";
import { WS_VARS } from "./config/ws-vars.ts";
import {
  type SecurityConfig,
  SecurityConfigError,
  type SecurityVarValues,
  securityConfigFrom,
} from "./security/config.ts";
import { SECURITY_VARS } from "./security/config-vars.ts";
import { WatchFileError } from "./watch/config/json-file.ts";
import { loadWatchConfig, type WatchConfig } from "./watch/config/watch-config.ts";

export { ConfigError } from "./config/spec.ts";

/** Every variable the server reads, in README order. */
export const CONFIG_VARS = {
  ...SERVER_VARS,
  ...BUS_VARS,
  ...WS_VARS,
  ...SSE_VARS,
  ...WATCH_VARS,
  ...SECURITY_VARS,
} as const;

export type LogLevel = Settings<typeof SERVER_VARS>["logLevel"];

export interface Config {
  /** Listening, mode, logs, dashboard, this instance's name, body and replay bounds. */
  server: Settings<typeof SERVER_VARS>;
  /** The bus engine and its store (`dbPath` absolute, or ":memory:"), retention, Redis, the desk state. */
  bus: Settings<typeof BUS_VARS>;
  /** WebSocket frames, idle timeout and slow-consumer limits. */
  ws: Settings<typeof WS_VARS>;
  /** SSE buffer, conflation, heartbeat and retry. */
  sse: Settings<typeof SSE_VARS>;
  /** Authentication, origins, limits, TLS (security/config.ts). */
  security: SecurityConfig;
  /** Alert rules, webhooks and engine liveness (watch/). */
  watch: WatchConfig;
}

/** The slow-consumer limits, checked against each other (a soft limit must sit below its hard limit). */
function checkSlowConsumerLimits(ws: Config["ws"], sse: Config["sse"]): void {
  // Bun's own limit drops messages silently past it (docs/runtime-notes.md): it must never come first.
  if (ws.bufferLimit <= ws.slowSoftLimit + ws.slowHardLimit) {
    throw new ConfigError(
      "WS_BUFFER_LIMIT",
      `invalid WS_BUFFER_LIMIT=${ws.bufferLimit}: must be more than WS_SLOW_SOFT_LIMIT + WS_SLOW_HARD_LIMIT (${ws.slowSoftLimit + ws.slowHardLimit})`,
    );
  }
  if (sse.slowSoftLimit >= sse.bufferLimit) {
    throw new ConfigError(
      "SSE_SLOW_SOFT_LIMIT",
      `invalid SSE_SLOW_SOFT_LIMIT=${sse.slowSoftLimit}: must be less than SSE_BUFFER_LIMIT (${sse.bufferLimit})`,
    );
  }
}

function securityFrom(env: Record<string, string | undefined>, production: boolean, cwd: string): SecurityConfig {
  const values: Record<string, unknown> = {};
  for (const [name, s] of Object.entries(SECURITY_VARS)) values[name] = readVar(env, name, s as VarSpec);
  try {
    return securityConfigFrom(values as unknown as SecurityVarValues, production, (p) => resolve(cwd, p));
  } catch (e) {
    if (e instanceof SecurityConfigError) throw new ConfigError(e.variable, e.message);
    throw e;
  }
}

function watchFrom(env: Record<string, string | undefined>, cwd: string): WatchConfig {
  const w = readGroup(env, WATCH_VARS);
  try {
    return loadWatchConfig(
      {
        rulesPath: w.rulesPath === undefined ? undefined : resolve(cwd, w.rulesPath),
        webhooksPath: w.webhooksPath === undefined ? undefined : resolve(cwd, w.webhooksPath),
        livenessIntervalMs: w.livenessIntervalMs,
        graceFactor: w.graceFactor,
      },
      env,
    );
  } catch (e) {
    if (e instanceof WatchFileError) throw new ConfigError(e.variable, e.message);
    throw e;
  }
}

/**
 * Reads and validates the configuration from an environment. Throws `ConfigError` (one line,
 * naming the variable) on the first bad value.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env, cwd = process.cwd()): Config {
  const server = readGroup(env, SERVER_VARS);
  const bus = readGroup(env, BUS_VARS);
  const ws = readGroup(env, WS_VARS);
  const sse = readGroup(env, SSE_VARS);
  checkSlowConsumerLimits(ws, sse);
  const security = securityFrom(env, server.nodeEnv === "production", cwd);
  const watch = watchFrom(env, cwd);
  return {
    server: {
      ...server,
      dashboardHtml: server.dashboardHtml === undefined ? undefined : resolve(cwd, server.dashboardHtml),
    },
    bus: {
      ...bus,
      dbPath: bus.dbPath === ":memory:" || isAbsolute(bus.dbPath) ? bus.dbPath : resolve(cwd, bus.dbPath),
    },
    ws,
    sse,
    security,
    watch,
  };
}
