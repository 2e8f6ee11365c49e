/**
 * `createBus(config)`: the one place that maps an engine name to an engine. The server passes its
 * parsed config through; adding an engine (Redis) adds a config variant and a table entry here,
 * nothing in the server.
 */
import { createLocalBus } from "./local-bus.ts";
import type { LocalBusOptions } from "./options.ts";
import type { Bus } from "./types.ts";

/** The in-process engine with its bun:sqlite log ("memory+sqlite"). */
export type LocalBusConfig = { engine: "local" } & LocalBusOptions;

/** Every engine's config; `engine` picks one. (A Redis variant joins this union.) */
export type BusConfig = LocalBusConfig;
export type BusEngineName = BusConfig["engine"];

type EngineFactories = { [E in BusEngineName]: (config: Extract<BusConfig, { engine: E }>) => Bus | Promise<Bus> };

const ENGINES: EngineFactories = {
  local: ({ engine: _engine, ...options }) => createLocalBus(options),
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
