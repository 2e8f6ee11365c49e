/** The process: where it listens, its mode and logs, the dashboard, this instance's name, request and replay bounds. */
import { z } from "zod";
import { bytes, int, oneOf, onOff, spec } from "./spec.ts";

export const SERVER_VARS = {
  PORT: spec({
    key: "port",
    describe: "TCP port to listen on; 0 picks a free one",
    default: "8080",
    schema: int(0, 65535),
  }),
  HOST: spec({
    key: "host",
    describe: "interface to bind (0.0.0.0 for all)",
    default: "127.0.0.1",
    schema: z.string().min(1, "must not be empty"),
  }),
  NODE_ENV: spec({
    key: "nodeEnv",
    describe: "production serves the prebuilt dashboard without HMR; anything else is development",
    default: "development",
    schema: oneOf(["development", "production", "test"] as const),
  }),
  LOG_LEVEL: spec({
    key: "logLevel",
    describe: "debug, info, warn, error or silent (JSON lines on stderr)",
    default: "info",
    schema: oneOf(["debug", "info", "warn", "error", "silent"] as const),
  }),
  DASHBOARD: spec({
    key: "dashboard",
    describe: "serve the dashboard at / (on|off)",
    default: "on",
    schema: onOff,
  }),
  DASHBOARD_HTML: spec({
    key: "dashboardHtml",
    describe: "path of the dashboard's index.html (default: apps/dashboard/src/index.html)",
    schema: z.string().min(1, "must not be empty"),
  }),
  INSTANCE_ID: spec({
    key: "instanceId",
    describe: "name of this instance in health and metrics (default: host name + pid)",
    schema: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, "must be 1-64 characters of A-Za-z0-9_.-"),
  }),
  MAX_BODY_BYTES: spec({
    key: "maxBodyBytes",
    describe: "largest POST body (bytes, or e.g. 1MiB)",
    default: "1MiB",
    schema: bytes(256, 256 << 20),
  }),
  REPLAY_MAX_EVENTS: spec({
    key: "replayMaxEvents",
    describe: "most events one resume replays; an older cursor gets the newest ones and truncated=true",
    default: "100000",
    schema: int(1, 10_000_000),
  }),
} as const;
