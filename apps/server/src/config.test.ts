import { describe, expect, it } from "bun:test";
import { CONFIG_VARS, ConfigError, loadConfig } from "./config.ts";

const load = (env: Record<string, string>) => loadConfig(env, "/srv/app");

function failure(env: Record<string, string>): ConfigError {
  try {
    load(env);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  it("uses the documented defaults for an empty environment", () => {
    const c = load({});
    expect(c).toMatchObject({
      server: {
        port: 8080,
        host: "127.0.0.1",
        nodeEnv: "development",
        maxBodyBytes: 1 << 20,
        logLevel: "info",
        dashboard: true,
        dashboardHtml: undefined,
      },
      bus: {
        engine: "local",
        dbPath: "/srv/app/.data/tickerwire.db",
        dbSync: "normal",
        historyMaxEvents: 1_000_000,
        historyMaxAgeMs: 7 * 86_400_000,
        memoryWindow: 10_000,
        deskState: true,
        deskCheckpointEvery: 50_000,
      },
      ws: { maxFrameBytes: 64 << 10 },
      sse: { heartbeatMs: 10_000 },
    });
  });

  it("reads good values, units and treats blank as unset", () => {
    const c = load({
      PORT: "0",
      HOST: "0.0.0.0",
      NODE_ENV: "production",
      AUTH: "off",
      DB_PATH: ":memory:",
      DB_SYNC: "full",
      HISTORY_MAX_AGE: "12h",
      MAX_BODY_BYTES: "2MiB",
      MAX_FRAME_BYTES: "4096",
      WS_IDLE_TIMEOUT: "30",
      SSE_HEARTBEAT_MS: "15000",
      LOG_LEVEL: "silent",
      DASHBOARD: "off",
      DASHBOARD_HTML: "web/index.html",
      SSE_RETRY_MS: " ",
    });
    expect(c).toMatchObject({
      server: {
        port: 0,
        host: "0.0.0.0",
        nodeEnv: "production",
        maxBodyBytes: 2 << 20,
        logLevel: "silent",
        dashboard: false,
        dashboardHtml: "/srv/app/web/index.html",
      },
      bus: { dbPath: ":memory:", dbSync: "full", historyMaxAgeMs: 43_200_000 },
      ws: { maxFrameBytes: 4096, idleTimeoutS: 30 },
      sse: { heartbeatMs: 15_000, retryMs: 2000 },
    });
  });

  it("keeps an absolute DB_PATH as given", () => {
    expect(load({ DB_PATH: "/var/lib/tw.db" }).bus.dbPath).toBe("/var/lib/tw.db");
  });

  it.each([
    ["PORT", "http", "must be a whole number"],
    ["PORT", "70000", "at most 65535"],
    ["SSE_HEARTBEAT_MS", "20000", "at most 15000"],
    ["HISTORY_MAX_AGE", "7 days", "like 7d, 12h"],
    ["MAX_BODY_BYTES", "huge", "byte size"],
    ["DB_SYNC", "sometimes", "one of normal, full"],
    ["BUS", "kafka", "one of local, redis"],
    ["DASHBOARD", "yes", "one of on, off"],
    ["LOG_LEVEL", "loud", "one of debug"],
  ] as const)("refuses a bad %s with one line naming it", (name, value, why) => {
    const e = failure({ [name]: value });
    expect(e.variable).toBe(name);
    expect(e.message).toStartWith(`invalid ${name}=`);
    expect(e.message).toContain(why);
    expect(e.message).not.toContain("\n");
  });

  it("documents every variable with a description", () => {
    for (const [name, v] of Object.entries(CONFIG_VARS)) {
      expect(name).toMatch(/^[A-Z_]+$/);
      expect(v.describe.length).toBeGreaterThan(10);
    }
  });
});
