/** Options of the Redis bus, their defaults and validation; the key names; the URL as it may be shown. */
import { hostname } from "node:os";
import type { RandomBytes } from "../epoch.ts";
import { BusConfigError, int } from "../options.ts";
import { DEFAULT_CHECKPOINT_EVERY, type Projection } from "../projection.ts";
import type { BusLogger } from "../types.ts";

export interface RedisBusOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://...`. Required. */
  url: string;
  /** Prefix of every key and channel, so several hubs can share one Redis. Default "tickerwire". */
  keyPrefix?: string;
  /** Retention by count (`XADD ... MAXLEN ~`, so a little more may be kept). Default 1,000,000. */
  maxEvents?: number;
  /** Retention by age (ms), applied by a periodic trim. Default 7 days. */
  maxAgeMs?: number;
  /** How long an idempotency key is remembered (ms); Redis expires it (`PX`). Default 24 h. */
  idempotencyTtlMs?: number;
  /** Newest delivered events kept in memory for fast replay. 0 disables it. Default 10,000. */
  windowSize?: number;
  /** Names this hub instance in `info()` and logs. Default `<hostname>-<pid>`. */
  instanceId?: string;
  /** A command without an answer after this long fails (Redis hung). Default 5,000 ms. */
  commandTimeoutMs?: number;
  /** How long `createRedisBus` waits for Redis at start-up. Default 10,000 ms. */
  connectTimeoutMs?: number;
  /** Longest pause between reconnect attempts. Default 1,000 ms. */
  reconnectMaxDelayMs?: number;
  /** After this long without a connection, Redis counts as "down" rather than "reconnecting". Default 1,000 ms. */
  downAfterMs?: number;
  /**
   * How often the instance compares its delivered seq with the shared one and fetches anything a
   * lost notification left behind. Default 1,000 ms.
   */
  syncIntervalMs?: number;
  /** How often the age trim runs. Default 10,000 ms. */
  retentionIntervalMs?: number;
  /** Most events one age-trim step looks at. Default 10,000. */
  retentionStep?: number;
  /** Longest wait, in `publish`, for this instance's own listeners to get the batch. Default 2,000 ms. */
  deliveryWaitMs?: number;
  /** A notification carries the events' JSON up to this size; above it only the seq range. Default 256 KiB. */
  notifyMaxBytes?: number;
  /** Most events in one publish script (bigger groups are split; one call is never split). Default 5,000. */
  maxScriptEvents?: number;
  /** Clock (ms since epoch): event timestamps and retention by age. */
  now?: () => number;
  /** Random source for the epoch id. */
  random?: RandomBytes;
  logger?: BusLogger;
  /**
   * State folded from the shared stream (the trading desk). Restored from the shared checkpoint plus
   * the stream after it at start; checkpointed every `checkpointEvery` events and before each trim.
   */
  projection?: Projection;
  /** Events between checkpoints. Default 50,000 (at most a quarter of maxEvents). */
  checkpointEvery?: number;
}

export type ResolvedRedisBusOptions = Required<Omit<RedisBusOptions, "random" | "projection">> &
  Pick<RedisBusOptions, "random" | "projection">;

const DAY_MS = 24 * 60 * 60 * 1000;
const PREFIX_RE = /^[A-Za-z0-9_.:{}-]{1,100}$/;

export function resolveRedisBusOptions(o: RedisBusOptions): ResolvedRedisBusOptions {
  if (typeof o?.url !== "string" || !/^rediss?:\/\/[^\s]+$/.test(o.url)) {
    throw new BusConfigError(
      `bus option url must be a redis:// or rediss:// URL (REDIS_URL), got ${JSON.stringify(o?.url === undefined ? undefined : redactUrl(String(o.url)))}`,
    );
  }
  const keyPrefix = o.keyPrefix ?? "tickerwire";
  if (!PREFIX_RE.test(keyPrefix)) {
    throw new BusConfigError(
      `bus option keyPrefix must be 1-100 characters of A-Z a-z 0-9 _ . : { } -, got ${JSON.stringify(keyPrefix)}`,
    );
  }
  const instanceId = o.instanceId ?? `${hostname()}-${process.pid}`;
  if (typeof instanceId !== "string" || instanceId.length === 0 || instanceId.length > 200) {
    throw new BusConfigError("bus option instanceId must be a string of 1 to 200 characters");
  }
  return {
    url: o.url,
    keyPrefix,
    maxEvents: int("maxEvents", o.maxEvents ?? 1_000_000, 1),
    maxAgeMs: int("maxAgeMs", o.maxAgeMs ?? 7 * DAY_MS, 1),
    idempotencyTtlMs: int("idempotencyTtlMs", o.idempotencyTtlMs ?? DAY_MS, 1),
    windowSize: int("windowSize", o.windowSize ?? 10_000, 0),
    instanceId,
    commandTimeoutMs: int("commandTimeoutMs", o.commandTimeoutMs ?? 5_000, 1),
    connectTimeoutMs: int("connectTimeoutMs", o.connectTimeoutMs ?? 10_000, 1),
    reconnectMaxDelayMs: int("reconnectMaxDelayMs", o.reconnectMaxDelayMs ?? 1_000, 1),
    downAfterMs: int("downAfterMs", o.downAfterMs ?? 1_000, 0),
    syncIntervalMs: int("syncIntervalMs", o.syncIntervalMs ?? 1_000, 10),
    retentionIntervalMs: int("retentionIntervalMs", o.retentionIntervalMs ?? 10_000, 10),
    retentionStep: int("retentionStep", o.retentionStep ?? 10_000, 1),
    deliveryWaitMs: int("deliveryWaitMs", o.deliveryWaitMs ?? 2_000, 0),
    notifyMaxBytes: int("notifyMaxBytes", o.notifyMaxBytes ?? 256 * 1024, 0),
    maxScriptEvents: int("maxScriptEvents", o.maxScriptEvents ?? 5_000, 1),
    now: o.now ?? Date.now,
    random: o.random,
    logger: o.logger ?? {},
    projection: o.projection,
    checkpointEvery: int("checkpointEvery", o.checkpointEvery ?? DEFAULT_CHECKPOINT_EVERY, 1),
  };
}

/** The URL without its password (for `info()` and logs). Unparseable input is replaced whole. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "";
    // `redis://:secret@host` leaves a bare "@" behind once the password is gone.
    return u.toString().replace(/^(rediss?:\/\/)@/, "$1");
  } catch {
    return "<unparseable url>";
  }
}

/** Every key and channel the engine uses, under one prefix. */
export interface RedisKeys {
  /** The last assigned seq (a string integer). */
  seq: string;
  /** The Stream: entry id `<seq>-0`, fields `j` (wire JSON), `t` (topic, JSON), `ms` (timestamp). */
  events: string;
  /** The epoch id of this history (SET NX at first start). */
  epoch: string;
  /** Pub/sub channel: `"<first> <last>"`, then one wire JSON per line unless too big. */
  notify: string;
  /** An idempotency key's record: `"<hash> <first> <last> <createdMs>"`, with a TTL. */
  idempotency(key: string): string;
  /** The projection's checkpoint: hash `{seq, epoch, state}` (redis/checkpoints.ts). */
  checkpoint: string;
}

export function redisKeys(prefix: string): RedisKeys {
  return {
    seq: `${prefix}:seq`,
    events: `${prefix}:events`,
    epoch: `${prefix}:epoch`,
    notify: `${prefix}:notify`,
    idempotency: (key) => `${prefix}:idem:${key}`,
    checkpoint: `${prefix}:checkpoint`,
  };
}
