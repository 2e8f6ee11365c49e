/** Starts the real server in-process for integration tests: port 0, `:memory:` bus, no dashboard, silent. */
import { loadConfig } from "../src/config.ts";
import { silentLogger } from "../src/logger.ts";
import { type RunningServer, type StartOptions, startServer } from "../src/server.ts";

export async function startTestServer(
  env: Record<string, string> = {},
  options: StartOptions = {},
): Promise<RunningServer & { wsUrl: string }> {
  const config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    DB_PATH: ":memory:",
    DASHBOARD: "off",
    LOG_LEVEL: "silent",
    NODE_ENV: "test",
    ...env,
  });
  const running = await startServer(config, { logger: silentLogger, shutdownGraceMs: 1_000, ...options });
  return Object.assign(running, { wsUrl: running.url.replace(/^http/, "ws") });
}

/** POSTs events as JSON. */
export function publish(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}/api/v1/events`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}
