/** Options of the local (in-process + SQLite) bus, their defaults, and their validation. */
import type { RandomBytes } from "./epoch.ts";
import { DEFAULT_CHECKPOINT_EVERY, type Projection } from "./projection.ts";
import type { BusLogger } from "./types.ts";

export type SyncMode = "normal" | "full";

export interface LocalBusOptions {
  /** SQLite file (its directory is created) or ":memory:". Default `.data/tickerwire.db` under cwd. */
  path?: string;
  /** Newest events kept in memory for fast replay. 0 disables the window. Default 10,000. */
  windowSize?: number;
  /** Retention by count. Default 1,000,000. */
  maxEvents?: number;
  /** Retention by age (ms). Default 7 days. */
  maxAgeMs?: number;
  /** How long an idempotency key is remembered (ms). Default 24 h. */
  idempotencyTtlMs?: number;
  /**
   * "normal" (default): WAL + synchronous=NORMAL, an acknowledged event survives the process being
   * killed (SIGKILL), not necessarily a power cut. "full": synchronous=FULL, survives both, slower.
   */
  sync?: SyncMode;
  /** Retention runs after this many published events... Default 1,000. */
  retentionEvery?: number;
  /** ...and at least this often (ms). Default 10 s. */
  retentionIntervalMs?: number;
  /** Most events one retention step deletes (keeps each step short). Default 10,000. */
  retentionStep?: number;
  /** Clock (ms since epoch): event timestamps, retention by age, idempotency TTL. */
  now?: () => number;
  /** Random source for the epoch id. */
  random?: RandomBytes;
  logger?: BusLogger;
  /** State folded from the committed events, checkpointed with the log (the trading desk). */
  projection?: Projection;
  /** A projection checkpoint is written with the first group after this many events. Default 50,000. */
  checkpointEvery?: number;
}

export type ResolvedLocalBusOptions = Required<Omit<LocalBusOptions, "random" | "projection">> &
  Pick<LocalBusOptions, "random" | "projection">;

export const DEFAULT_DB_PATH = ".data/tickerwire.db";
const DAY_MS = 24 * 60 * 60 * 1000;

/** A bus option has an impossible value; the message names it. */
export class BusConfigError extends Error {
  override readonly name = "BusConfigError";
}

/** Validates an integer option (`name` goes into the message). */
export function int(name: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new BusConfigError(`bus option ${name} must be an integer >= ${min}, got ${String(value)}`);
  }
  return value;
}

export function resolveLocalBusOptions(o: LocalBusOptions = {}): ResolvedLocalBusOptions {
  const sync = o.sync ?? "normal";
  if (sync !== "normal" && sync !== "full") {
    throw new BusConfigError(`bus option sync must be "normal" or "full", got ${JSON.stringify(sync)}`);
  }
  const path = o.path ?? DEFAULT_DB_PATH;
  if (typeof path !== "string" || path.length === 0)
    throw new BusConfigError("bus option path must be a non-empty string");
  return {
    path,
    windowSize: int("windowSize", o.windowSize ?? 10_000, 0),
    maxEvents: int("maxEvents", o.maxEvents ?? 1_000_000, 1),
    maxAgeMs: int("maxAgeMs", o.maxAgeMs ?? 7 * DAY_MS, 1),
    idempotencyTtlMs: int("idempotencyTtlMs", o.idempotencyTtlMs ?? DAY_MS, 1),
    sync,
    retentionEvery: int("retentionEvery", o.retentionEvery ?? 1_000, 1),
    retentionIntervalMs: int("retentionIntervalMs", o.retentionIntervalMs ?? 10_000, 1),
    retentionStep: int("retentionStep", o.retentionStep ?? 10_000, 1),
    now: o.now ?? Date.now,
    random: o.random,
    logger: o.logger ?? {},
    projection: o.projection,
    checkpointEvery: int("checkpointEvery", o.checkpointEvery ?? DEFAULT_CHECKPOINT_EVERY, 1),
  };
}
