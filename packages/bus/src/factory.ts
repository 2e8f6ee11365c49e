/**
 * `createBus(config)`: the one place that maps an engine name to an engine. The server passes its
 * parsed config through; adding an engine (Redis) adds a config variant and a table entry here,
 * nothing in the server.
 */
import { createLocalBus } from "./local-bus.ts";
import type { LocalBusOptions } from "./options.ts";
import { createRedisBus, type RedisBusOptions } from "./redis/index.ts";
import type { Bus } from "./types.ts";

/** The in-process engine with its bun:sqlite log ("memory+sqlite"). */
export type LocalBusConfig = { engine: "local" } & LocalBusOptions;

/** Several hub instances sharing one Redis: one seq, one stream, resume on any instance. */
export type RedisBusConfig = { engine: "redis" } & RedisBusOptions;

/** Every engine's config; `engine` picks one. */
export type BusConfig = LocalBusConfig | RedisBusConfig;
export type BusEngineName = BusConfig["engine"];

type EngineFactories = { [E in BusEngineName]: (config: Extract<BusConfig, { engine: E }>) => Bus | Promise<Bus> };

const ENGINES: EngineFactories = {
  local: ({ engine: _engine, ...options }) => createLocalBus(options),
  redis: ({ engine: _engine, ...options }) => createRedisBus(options),
};

/** The engine names `createBus` knows (for config validation and error messages). */
export const BUS_ENGINES = Object.keys(ENGINES) as BusEngineName[];

/** An unknown engine name (e.g. a typo in the BUS environment variable). */
export class UnknownBusEngineError extends Error {
  override readonly name = "UnknownBusEngineError";
}

/**
 * Creates the configured bus. Async because some engines connect before they are usable.
 * @example const bus = await createBus({ engine: "local", path: ".data/tickerwire.db" });
 * @example const bus = await createBus({ engine: "redis", url: "redis://127.0.0.1:6379", instanceId: "hub-a" });
 */
export async function createBus(config: BusConfig): Promise<Bus> {
  const factory = (ENGINES as Record<string, ((c: BusConfig) => Bus | Promise<Bus>) | undefined>)[config.engine];
  if (!factory) {
    throw new UnknownBusEngineError(
      `unknown bus engine ${JSON.stringify(config.engine)}; known: ${BUS_ENGINES.join(", ")}`,
    );
  }
  return factory(config);
}
