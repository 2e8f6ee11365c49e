/**
 * The server's configuration: every environment variable, its default, its validation and its
 * description (`CONFIG_VARS` is what the README lists). A bad value is a `ConfigError` whose
 * message is one line naming the variable.
 */
import { isAbsolute, resolve } from "node:path";
import type { BusEngineName } from "@tickerwire/bus";
import { z } from "zod";
import { type SecurityConfig, SecurityConfigError, securityConfigFrom } from "./security/config.ts";
import { SECURITY_VARS } from "./security/config-vars.ts";
import { parseBytes, parseDuration } from "./units.ts";
import { WatchFileError } from "./watch/config/json-file.ts";
import { loadWatchConfig, type WatchConfig } from "./watch/config/watch-config.ts";

export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
  }
}

const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, "must be a whole number")
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

const bytes = (min: number, max: number) =>
  z
    .string()
    .transform((s, ctx) => {
      const n = parseBytes(s);
      if (n === null) ctx.addIssue({ code: "custom", message: "must be a byte size like 65536, 64KiB or 1MiB" });
      return n ?? 0;
    })
    .pipe(z.number().min(min, `must be at least ${min} bytes`).max(max, `must be at most ${max} bytes`));

const duration = z.string().transform((s, ctx) => {
  const n = parseDuration(s);
  if (n === null) ctx.addIssue({ code: "custom", message: "must be a duration like 7d, 12h, 30m or 45s" });
  return n ?? 0;
});

/** Engines this server can configure (the bus package may know more; each needs its own variables here). */
const SERVER_BUS_ENGINES = ["local", "redis"] as const satisfies readonly BusEngineName[];

const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of ${values.join(", ")}` });

interface VarSpec<T> {
  describe: string;
  /** The default as written in the environment (undefined: no default, the variable is optional). */
  default?: string;
  schema: z.ZodType<T, string>;
}
const spec = <T>(s: VarSpec<T>) => s;

/** Every variable the server reads, in README order. */
export const CONFIG_VARS = {
  PORT: spec({ describe: "TCP port to listen on; 0 picks a free one", default: "8080", schema: int(0, 65535) }),
  HOST: spec({
    describe: "interface to bind (0.0.0.0 for all)",
    default: "127.0.0.1",
    schema: z.string().min(1, "must not be empty"),
  }),
  NODE_ENV: spec({
    describe: "production serves the prebuilt dashboard without HMR; anything else is development",
    default: "development",
    schema: oneOf(["development", "production", "test"] as const),
  }),
  BUS: spec({
    describe:
      "event bus engine: local (in-process + SQLite log) or redis (several instances share one stream; needs REDIS_URL)",
    default: "local",
    schema: oneOf(SERVER_BUS_ENGINES),
  }),
  DB_PATH: spec({
    describe: 'SQLite event log, relative to the working directory, or ":memory:"',
    default: ".data/tickerwire.db",
    schema: z.string().min(1, "must not be empty"),
  }),
  DB_SYNC: spec({
    describe: "normal: survives a process kill; full: also survives a power cut (slower)",
    default: "normal",
    schema: oneOf(["normal", "full"] as const),
  }),
  HISTORY_MAX_EVENTS: spec({
    describe: "events kept in history (older ones are deleted)",
    default: "1000000",
    schema: int(1, 1e12),
  }),
  HISTORY_MAX_AGE: spec({
    describe: "age after which events are deleted (e.g. 7d, 12h, 30m)",
    default: "7d",
    schema: duration,
  }),
  MEMORY_WINDOW: spec({
    describe: "newest events kept in memory for fast replay (0 disables)",
    default: "10000",
    schema: int(0, 10_000_000),
  }),
  DESK_STATE: spec({
    describe:
      "on: the hub keeps the trading desk's state (GET /api/v1/snapshot, snapshot=1 on /ws and /sse), folded as events commit and checkpointed with the log; off: a plain event pipe",
    default: "on",
    schema: oneOf(["on", "off"] as const),
  }),
  DESK_CHECKPOINT_EVERY: spec({
    describe:
      "events between desk-state checkpoints: a start folds at most about this many events after the last one (each checkpoint serializes the whole state: a few ms)",
    default: "50000",
    schema: int(1, 10_000_000),
  }),
  REPLAY_MAX_EVENTS: spec({
    describe: "most events one resume replays; an older cursor gets the newest ones and truncated=true",
    default: "100000",
    schema: int(1, 10_000_000),
  }),
  MAX_BODY_BYTES: spec({
    describe: "largest POST body (bytes, or e.g. 1MiB)",
    default: "1MiB",
    schema: bytes(256, 256 << 20),
  }),
  MAX_FRAME_BYTES: spec({
    describe: "largest WebSocket frame a client may send; a bigger one closes that socket",
    default: "64KiB",
    schema: bytes(128, 16 << 20),
  }),
  WS_IDLE_TIMEOUT: spec({
    describe:
      "seconds without traffic before a WebSocket is closed; the server pings every half (0 = never; 1-7 act as 8)",
    default: "60",
    schema: int(0, 960),
  }),
  WS_BUFFER_LIMIT: spec({
    describe:
      "last-resort guard: bytes in one WebSocket's own buffer past which Bun closes it (must exceed WS_SLOW_SOFT_LIMIT + WS_SLOW_HARD_LIMIT; the client resumes)",
    default: "8MiB",
    schema: bytes(1024, 1 << 30),
  }),
  WS_SLOW_SOFT_LIMIT: spec({
    describe:
      "bytes in a WebSocket's buffer past which it leaves the fast path: its metrics and candles are conflated (latest value wins) until it catches up",
    default: "1MiB",
    schema: bytes(256, 1 << 30),
  }),
  WS_SLOW_HARD_LIMIT: spec({
    describe:
      "bytes of trades, alerts and signals queued for a slow WebSocket past which it is told `lagged` and closed with 4009 (it resumes from history)",
    default: "4MiB",
    schema: bytes(256, 1 << 30),
  }),
  WS_SLOW_HARD_EVENTS: spec({
    describe: "the same hard limit counted in events (whichever is passed first)",
    default: "10000",
    schema: int(1, 10_000_000),
  }),
  SLOW_SWEEP_MS: spec({
    describe: "how often every WebSocket's buffer is checked against WS_SLOW_SOFT_LIMIT",
    default: "50",
    schema: int(5, 10_000),
  }),
  SSE_BUFFER_LIMIT: spec({
    describe:
      "hard limit: bytes pending for one SSE stream (after conflation) past which it gets `event: error` (lagged) and is ended (the client resumes)",
    default: "4MiB",
    schema: bytes(1024, 1 << 30),
  }),
  SSE_SLOW_SOFT_LIMIT: spec({
    describe: "bytes pending for one SSE stream past which its pending metrics and candles are conflated",
    default: "1MiB",
    schema: bytes(256, 1 << 30),
  }),
  SSE_HEARTBEAT_MS: spec({
    describe: "interval of the `: heartbeat` comment on SSE streams (at most 15000)",
    default: "10000",
    schema: int(50, 15_000),
  }),
  SSE_RETRY_MS: spec({
    describe: "the `retry:` reconnect delay sent to EventSource clients",
    default: "2000",
    schema: int(0, 600_000),
  }),
  LOG_LEVEL: spec({
    describe: "debug, info, warn, error or silent (JSON lines on stderr)",
    default: "info",
    schema: oneOf(["debug", "info", "warn", "error", "silent"] as const),
  }),
  DASHBOARD: spec({
    describe: "serve the dashboard at / (on|off)",
    default: "on",
    schema: oneOf(["on", "off"] as const),
  }),
  REDIS_URL: spec({
    describe: "Redis server for BUS=redis (redis://[:password@]host:port[/db]); run it with AOF for durability",
    default: "redis://127.0.0.1:6379",
    schema: z.string().regex(/^rediss?:\/\/\S+$/, "must be a redis:// or rediss:// URL"),
  }),
  REDIS_KEY_PREFIX: spec({
    describe: "prefix of every Redis key of this hub (instances of one hub share it)",
    default: "tw",
    schema: z.string().regex(/^[A-Za-z0-9_:.-]{1,64}$/, "must be 1-64 characters of A-Za-z0-9_:.-"),
  }),
  INSTANCE_ID: spec({
    describe: "name of this instance in health and metrics (default: host name + pid)",
    schema: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, "must be 1-64 characters of A-Za-z0-9_.-"),
  }),
  DASHBOARD_HTML: spec({
    describe: "path of the dashboard's index.html (default: apps/dashboard/src/index.html)",
    schema: z.string().min(1, "must not be empty"),
  }),
  ALERT_RULES: spec({
    describe:
      "JSON file of alert rules the hub evaluates itself (drawdown, daily loss, streaks, win rate, rollbacks, signals, stale engines); see Operators' watch",
    schema: z.string().min(1, "must not be empty"),
  }),
  WEBHOOKS: spec({
    describe: "JSON file of webhook endpoints that get matching events, signed and retried; see Operators' watch",
    schema: z.string().min(1, "must not be empty"),
  }),
  LIVENESS_INTERVAL: spec({
    describe:
      "heartbeat interval assumed for a publishing engine that declares none (X-Engine-Interval); off: watch only engines that declare one",
    default: "30s",
    schema: z.string().transform((s, ctx) => {
      if (s === "off") return null;
      const n = parseDuration(s);
      if (n === null || n < 1000 || n > 86_400_000) {
        ctx.addIssue({ code: "custom", message: "must be off or a duration from 1s to 1d, like 30s" });
      }
      return n ?? 0;
    }),
  }),
  LIVENESS_GRACE_FACTOR: spec({
    describe: "an engine silent for longer than its interval times this is stale (one critical alert)",
    default: "3",
    schema: z
      .string()
      .regex(/^\d+(\.\d+)?$/, "must be a number like 3 or 2.5")
      .transform(Number)
      .pipe(z.number().min(1.5, "must be at least 1.5").max(100, "must be at most 100")),
  }),
  ...SECURITY_VARS,
} as const;

type Vars = typeof CONFIG_VARS;
type Raw = { [K in keyof Vars]: Vars[K] extends VarSpec<infer T> ? T : never };

export type LogLevel = Raw["LOG_LEVEL"];

export interface Config {
  port: number;
  host: string;
  nodeEnv: Raw["NODE_ENV"];
  bus: Raw["BUS"];
  dbPath: string;
  dbSync: Raw["DB_SYNC"];
  historyMaxEvents: number;
  historyMaxAgeMs: number;
  memoryWindow: number;
  replayMaxEvents: number;
  /** DESK_STATE=on: the desk state is kept (snapshots); off: none. */
  deskState: boolean;
  deskCheckpointEvery: number;
  maxBodyBytes: number;
  maxFrameBytes: number;
  wsIdleTimeoutS: number;
  wsBufferLimit: number;
  /** Slow consumers: WebSocket slow lane and SSE conflation limits. */
  wsSlowSoftLimit: number;
  wsSlowHardLimit: number;
  wsSlowHardEvents: number;
  slowSweepMs: number;
  sseBufferLimit: number;
  sseSlowSoftLimit: number;
  sseHeartbeatMs: number;
  sseRetryMs: number;
  logLevel: LogLevel;
  dashboard: boolean;
  redisUrl: string;
  redisKeyPrefix: string;
  instanceId: string | undefined;
  /** Absolute path of the dashboard's index.html, when DASHBOARD_HTML is set. */
  dashboardHtml: string | undefined;
  /** Authentication, origins, limits, TLS (security/config.ts). */
  security: SecurityConfig;
  /** Alert rules, webhooks and engine liveness (watch/). */
  watch: WatchConfig;
}

/** The slow-consumer limits, checked against each other (a soft limit must sit below its hard limit). */
function slowConsumerLimits(v: <K extends keyof Vars>(name: K) => Raw[K]) {
  const limits = {
    wsBufferLimit: v("WS_BUFFER_LIMIT"),
    wsSlowSoftLimit: v("WS_SLOW_SOFT_LIMIT"),
    wsSlowHardLimit: v("WS_SLOW_HARD_LIMIT"),
    wsSlowHardEvents: v("WS_SLOW_HARD_EVENTS"),
    slowSweepMs: v("SLOW_SWEEP_MS"),
    sseBufferLimit: v("SSE_BUFFER_LIMIT"),
    sseSlowSoftLimit: v("SSE_SLOW_SOFT_LIMIT"),
  };
  // Bun's own limit drops messages silently past it (docs/runtime-notes.md): it must never come first.
  if (limits.wsBufferLimit <= limits.wsSlowSoftLimit + limits.wsSlowHardLimit) {
    throw new ConfigError(
      "WS_BUFFER_LIMIT",
      `invalid WS_BUFFER_LIMIT=${limits.wsBufferLimit}: must be more than WS_SLOW_SOFT_LIMIT + WS_SLOW_HARD_LIMIT (${limits.wsSlowSoftLimit + limits.wsSlowHardLimit})`,
    );
  }
  if (limits.sseSlowSoftLimit >= limits.sseBufferLimit) {
    throw new ConfigError(
      "SSE_SLOW_SOFT_LIMIT",
      `invalid SSE_SLOW_SOFT_LIMIT=${limits.sseSlowSoftLimit}: must be less than SSE_BUFFER_LIMIT (${limits.sseBufferLimit})`,
    );
  }
  return limits;
}

function readVar<K extends keyof Vars>(env: Record<string, string | undefined>, name: K): Raw[K] | undefined {
  const s = CONFIG_VARS[name] as VarSpec<Raw[K]>;
  const given = env[name]?.trim();
  const raw = given === undefined || given === "" ? s.default : given;
  if (raw === undefined) return undefined;
  const r = s.schema.safeParse(raw);
  if (r.success) return r.data;
  const why = r.error.issues[0]?.message ?? "is invalid";
  throw new ConfigError(name, `invalid ${name}=${JSON.stringify(raw.slice(0, 80))}: ${why}`);
}

/**
 * Reads and validates the configuration from an environment. Throws `ConfigError` (one line,
 * naming the variable) on the first bad value.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env, cwd = process.cwd()): Config {
  const v = <K extends keyof Vars>(name: K) => readVar(env, name) as Raw[K];
  const dbPath = v("DB_PATH");
  const html = readVar(env, "DASHBOARD_HTML");
  const o = <K extends keyof Vars>(name: K) => readVar(env, name);
  let security: SecurityConfig;
  try {
    security = securityConfigFrom(
      {
        AUTH: o("AUTH"),
        JWT_ALG: v("JWT_ALG"),
        JWT_SECRET: o("JWT_SECRET"),
        JWT_PUBLIC_KEY: o("JWT_PUBLIC_KEY"),
        JWT_JWKS_FILE: o("JWT_JWKS_FILE"),
        JWT_ISSUER: o("JWT_ISSUER"),
        JWT_AUDIENCE: o("JWT_AUDIENCE"),
        TICKET_TTL_S: v("TICKET_TTL_S"),
        ALLOWED_ORIGINS: o("ALLOWED_ORIGINS"),
        CORS_ORIGINS: o("CORS_ORIGINS"),
        TRUST_PROXY: v("TRUST_PROXY"),
        MAX_CONN_PER_IP: v("MAX_CONN_PER_IP"),
        CONN_RATE_PER_IP: v("CONN_RATE_PER_IP"),
        CONN_BURST_PER_IP: v("CONN_BURST_PER_IP"),
        WS_MSG_RATE: v("WS_MSG_RATE"),
        MAX_SUBSCRIPTIONS: v("MAX_SUBSCRIPTIONS"),
        PUBLISH_RATE: v("PUBLISH_RATE"),
        TLS_CERT: o("TLS_CERT"),
        TLS_KEY: o("TLS_KEY"),
      },
      v("NODE_ENV") === "production",
      (p) => resolve(cwd, p),
    );
  } catch (e) {
    if (e instanceof SecurityConfigError) throw new ConfigError(e.variable, e.message);
    throw e;
  }
  let watch: WatchConfig;
  try {
    const rules = readVar(env, "ALERT_RULES");
    const hooks = readVar(env, "WEBHOOKS");
    watch = loadWatchConfig(
      {
        rulesPath: rules === undefined ? undefined : resolve(cwd, rules),
        webhooksPath: hooks === undefined ? undefined : resolve(cwd, hooks),
        livenessIntervalMs: v("LIVENESS_INTERVAL"),
        graceFactor: v("LIVENESS_GRACE_FACTOR"),
      },
      env,
    );
  } catch (e) {
    if (e instanceof WatchFileError) throw new ConfigError(e.variable, e.message);
    throw e;
  }
  return {
    port: v("PORT"),
    host: v("HOST"),
    nodeEnv: v("NODE_ENV"),
    bus: v("BUS"),
    dbPath: dbPath === ":memory:" || isAbsolute(dbPath) ? dbPath : resolve(cwd, dbPath),
    dbSync: v("DB_SYNC"),
    historyMaxEvents: v("HISTORY_MAX_EVENTS"),
    historyMaxAgeMs: v("HISTORY_MAX_AGE"),
    memoryWindow: v("MEMORY_WINDOW"),
    replayMaxEvents: v("REPLAY_MAX_EVENTS"),
    deskState: v("DESK_STATE") === "on",
    deskCheckpointEvery: v("DESK_CHECKPOINT_EVERY"),
    maxBodyBytes: v("MAX_BODY_BYTES"),
    maxFrameBytes: v("MAX_FRAME_BYTES"),
    wsIdleTimeoutS: v("WS_IDLE_TIMEOUT"),
    ...slowConsumerLimits(v),
    sseHeartbeatMs: v("SSE_HEARTBEAT_MS"),
    sseRetryMs: v("SSE_RETRY_MS"),
    logLevel: v("LOG_LEVEL"),
    dashboard: v("DASHBOARD") === "on",
    redisUrl: v("REDIS_URL"),
    redisKeyPrefix: v("REDIS_KEY_PREFIX"),
    instanceId: readVar(env, "INSTANCE_ID"),
    dashboardHtml: html === undefined ? undefined : resolve(cwd, html),
    security,
    watch,
  };
}
