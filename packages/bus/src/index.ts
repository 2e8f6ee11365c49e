export * from "./factory.ts";
export { createLocalBus, LOCAL_ENGINE, type LocalBus } from "./local-bus.ts";
export { BusConfigError, DEFAULT_DB_PATH, type LocalBusOptions, type SyncMode } from "./options.ts";
export * from "./projection.ts";
export { createRedisBus, REDIS_ENGINE, type RedisBus, type RedisBusOptions, redactUrl } from "./redis/index.ts";
export * from "./types.ts";
