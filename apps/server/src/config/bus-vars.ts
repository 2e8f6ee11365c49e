/** The event bus and what it keeps: engine, SQLite log, retention, memory window, Redis, the desk state. */

import type { BusEngineName } from "@tickerwire/bus";
import { z } from "zod";
import { duration, int, oneOf, onOff, spec } from "./spec.ts";

/** Engines this server can configure (the bus package may know more; each needs its own variables here). */
const SERVER_BUS_ENGINES = ["local", "redis"] as const satisfies readonly BusEngineName[];

export const BUS_VARS = {
  BUS: spec({
    key: "engine",
    describe:
      "event bus engine: local (in-process + SQLite log) or redis (several instances share one stream; needs REDIS_URL)",
    default: "local",
    schema: oneOf(SERVER_BUS_ENGINES),
  }),
  DB_PATH: spec({
    key: "dbPath",
    describe: 'SQLite event log, relative to the working directory, or ":memory:"',
    default: ".data/tickerwire.db",
    schema: z.string().min(1, "must not be empty"),
  }),
  DB_SYNC: spec({
    key: "dbSync",
    describe: "normal: survives a process kill; full: also survives a power cut (slower)",
    default: "normal",
    schema: oneOf(["normal", "full"] as const),
  }),
  HISTORY_MAX_EVENTS: spec({
    key: "historyMaxEvents",
    describe: "events kept in history (older ones are deleted)",
    default: "1000000",
    schema: int(1, 1e12),
  }),
  HISTORY_MAX_AGE: spec({
    key: "historyMaxAgeMs",
    describe: "age after which events are deleted (e.g. 7d, 12h, 30m)",
    default: "7d",
    schema: duration,
  }),
  MEMORY_WINDOW: spec({
    key: "memoryWindow",
    describe: "newest events kept in memory for fast replay (0 disables)",
    default: "10000",
    schema: int(0, 10_000_000),
  }),
  REDIS_URL: spec({
    key: "redisUrl",
    describe: "Redis server for BUS=redis (redis://[:password@]host:port[/db]); run it with AOF for durability",
    default: "redis://127.0.0.1:6379",
    schema: z.string().regex(/^rediss?:\/\/\S+$/, "must be a redis:// or rediss:// URL"),
  }),
  REDIS_KEY_PREFIX: spec({
    key: "redisKeyPrefix",
    describe: "prefix of every Redis key of this hub (instances of one hub share it)",
    default: "tw",
    schema: z.string().regex(/^[A-Za-z0-9_:.-]{1,64}$/, "must be 1-64 characters of A-Za-z0-9_:.-"),
  }),
  DESK_STATE: spec({
    key: "deskState",
    describe:
      "on: the hub keeps the trading desk's state (GET /api/v1/snapshot, snapshot=1 on /ws and /sse), folded as events commit and checkpointed with the log; off: a plain event pipe",
    default: "on",
    schema: onOff,
  }),
  DESK_CHECKPOINT_EVERY: spec({
    key: "deskCheckpointEvery",
    describe:
      "events between desk-state checkpoints: a start folds at most about this many events after the last one (each checkpoint serializes the whole state: a few ms)",
    default: "50000",
    schema: int(1, 10_000_000),
  }),
} as const;
