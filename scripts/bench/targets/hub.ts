/**
 * Launch description of the real hub (apps/server) as the bench runs it: production mode, a fresh
 * SQLite file in the run's tmp dir, no dashboard, a free port. The bench never imports the server;
 * it starts it as its own process like an operator would.
 *
 * Every bench client connects from 127.0.0.1, so the per-IP guards (20 connections, 10 new
 * connections/s, 200 publish requests/s by default) would measure the guards, not the hub: they
 * are turned off, and so is authentication (production refuses to start without AUTH set).
 */
import { mkdtempSync } from "node:fs";
import { join } from "node:path";

/** Settings the bench changes from the hub's defaults (listed in the report). */
export const HUB_BENCH_SETTINGS: Record<string, string> = {
  AUTH: "off",
  MAX_CONN_PER_IP: "0",
  CONN_RATE_PER_IP: "0",
  PUBLISH_RATE: "0",
};

export interface Launch {
  cmd: string[];
  env: Record<string, string>;
  cwd: string;
}

export function hubEntry(repoRoot: string): string {
  return join(repoRoot, "apps/server/src/main.ts");
}

/** Command and environment for one hub process with its own empty database (plus `extra` env). */
export function hubLaunch(repoRoot: string, tmpDir: string, extra: Record<string, string> = {}): Launch {
  const dbDir = mkdtempSync(join(tmpDir, "hub-db-"));
  return {
    cmd: ["bun", hubEntry(repoRoot)],
    cwd: repoRoot,
    env: {
      NODE_ENV: "production",
      PORT: "0",
      HOST: "127.0.0.1",
      DB_PATH: join(dbDir, "tickerwire.db"),
      DASHBOARD: "off",
      ...HUB_BENCH_SETTINGS,
      ...extra,
    },
  };
}
