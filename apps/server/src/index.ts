/** The server app's public surface: start it in-process (tests, dev tools) and read its config. */
export { CONFIG_VARS, type Config, ConfigError, loadConfig } from "./config.ts";
export { createLogger, type Logger, silentLogger } from "./logger.ts";
export { formatUrl, type RunningServer, type StartOptions, startServer } from "./server.ts";
