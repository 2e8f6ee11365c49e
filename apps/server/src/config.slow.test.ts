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

describe("slow-consumer limits", () => {
  it("defaults: 1 MiB soft, 4 MiB / 10,000 events hard, Bun's guard at 8 MiB above both, 50 ms sweep", () => {
    expect(load({})).toMatchObject({
      ws: {
        slowSoftLimit: 1 << 20,
        slowHardLimit: 4 << 20,
        slowHardEvents: 10_000,
        bufferLimit: 8 << 20,
        slowSweepMs: 50,
      },
      sse: { slowSoftLimit: 1 << 20, bufferLimit: 4 << 20 },
    });
  });

  it("reads sizes with units", () => {
    const c = load({ WS_SLOW_SOFT_LIMIT: "256KiB", WS_SLOW_HARD_LIMIT: "2MiB", WS_SLOW_HARD_EVENTS: "500" });
    expect(c.ws).toMatchObject({ slowSoftLimit: 256 << 10, slowHardLimit: 2 << 20, slowHardEvents: 500 });
  });

  it("refuses a Bun limit that would act before the slow lane's own limits", () => {
    const e = failure({ WS_BUFFER_LIMIT: "4MiB" });
    expect(e.variable).toBe("WS_BUFFER_LIMIT");
    expect(e.message).toContain("WS_SLOW_SOFT_LIMIT + WS_SLOW_HARD_LIMIT");
  });

  it("refuses an SSE soft limit at or above the SSE hard limit", () => {
    expect(failure({ SSE_SLOW_SOFT_LIMIT: "4MiB" }).variable).toBe("SSE_SLOW_SOFT_LIMIT");
  });

  it("documents every new variable for the README", () => {
    for (const name of [
      "WS_SLOW_SOFT_LIMIT",
      "WS_SLOW_HARD_LIMIT",
      "WS_SLOW_HARD_EVENTS",
      "SLOW_SWEEP_MS",
      "SSE_SLOW_SOFT_LIMIT",
    ] as const) {
      expect(CONFIG_VARS[name].describe.length).toBeGreaterThan(20);
    }
  });
});
