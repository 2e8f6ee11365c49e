export * from "./factory.ts";
export { createLocalBus, LOCAL_ENGINE, type LocalBus } from "./local-bus.ts";
export { BusConfigError, DEFAULT_DB_PATH, type LocalBusOptions, type SyncMode } from "./options.ts";
export * from "./types.ts";
