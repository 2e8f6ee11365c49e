/**
 * Entry point: `bun apps/server/src/main.ts`. Loads the configuration from the environment
 * (a bad value: one line on stderr, exit 2), starts the server, prints exactly one stdout line
 * `listening http://HOST:PORT`, and stops gracefully on SIGINT/SIGTERM.
 */
import { ConfigError, loadConfig } from "./config.ts";
import { createLogger } from "./logger.ts";
import { startServer } from "./server.ts";
import { installShutdownHandlers } from "./shutdown.ts";

function fail(code: number, message: string): never {
  process.stderr.write(`tickerwire: ${message.split("\n")[0]}\n`);
  process.exit(code);
}

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig(process.env);
} catch (e) {
  if (e instanceof ConfigError) fail(2, e.message);
  throw e;
}

const logger = createLogger({ level: config.server.logLevel });
if (config.security.authOffInProduction) {
  process.stderr.write(
    "tickerwire: WARNING: AUTH=off in production — anyone who can reach this port can publish and read every event\n",
  );
}
try {
  const running = await startServer(config, { logger });
  process.stdout.write(`listening ${running.url}\n`);
  installShutdownHandlers(running.stop, { logger });
} catch (e) {
  fail(1, `cannot start: ${e instanceof Error ? e.message : String(e)}`);
}
