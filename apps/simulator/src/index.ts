/**
 * @tickerwire/simulator: a deterministic market + strategies event stream, its real-time runner
 * and an HTTP publisher. `bun run simulate` (cli.ts) runs it against a hub over HTTP, and so does
 * `bun run dev` (scripts/dev.ts starts that CLI once the hub listens). Embedded in a process:
 * @example
 * const stop = new AbortController();
 * await runSimulator({ seed: 1, speed: 60, signal: stop.signal }, (events) => bus.publish(events));
 */
export type { EngineOptions, EngineStats, EngineStep, TradingOptions } from "./engine.ts";
export { createEngine, DEFAULT_ENGINE_OPTIONS, Engine } from "./engine.ts";
export { toPublishItem } from "./events.ts";
export type { GraduateThresholds } from "./graduate/thresholds.ts";
export { DEFAULT_THRESHOLDS } from "./graduate/thresholds.ts";
export * from "./publish/index.ts";
export type { PublishFn, SimulatorClock, SimulatorOptions, SimulatorStatus } from "./run/simulator.ts";
export { runSimulator } from "./run/simulator.ts";
export { formatStatus } from "./run/status-line.ts";
