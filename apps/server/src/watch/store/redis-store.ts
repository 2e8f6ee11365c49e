/**
 * The watch store shared by every instance on Redis (BUS=redis), under `<prefix>:watch:*`:
 * `fired` (hash, "<0|1>:<gen>" per rule key), `seen` / `interval` / `events` (hashes per engine),
 * `cursor` and `meta` (hashes), `leader` (the lease, SET PX). Every read-compare-write is one Lua
 * script (redis-scripts.ts). Connection semantics as the tickets' and the bus's: no offline queue,
 * every command bounded in time; while Redis is away calls reject and the watch retries later.
 */
import { redactUrl } from "@tickerwire/bus";
import Redis from "ioredis";
import type { Logger } from "../../logger.ts";
import { ADVANCE_CURSOR, CAS_FIRED, HOLD_LEASE, RECORD_ENGINES, RELEASE_LEASE } from "./redis-scripts.ts";
import type { EngineRecord, FiredState, WatchStore } from "./watch-store.ts";
import { UNFIRED } from "./watch-store.ts";

export interface RedisWatchOptions {
  url: string;
  keyPrefix: string;
  instanceId: string;
  logger: Pick<Logger, "info" | "warn">;
  /** Longest a command (or the first connection) may take (default 2 s). */
  timeoutMs?: number;
}

const decodeFired = (v: string | null | undefined): FiredState => {
  const m = v ? /^([01]):(\d+)$/.exec(v) : null;
  return m ? { active: m[1] === "1", gen: Number(m[2]) } : UNFIRED;
};
const encodeFired = (s: FiredState) => `${s.active ? 1 : 0}:${s.gen}`;

export async function createRedisWatchStore(o: RedisWatchOptions): Promise<WatchStore> {
  const timeoutMs = o.timeoutMs ?? 2_000;
  const where = redactUrl(o.url);
  const client = new Redis(o.url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    commandTimeout: timeoutMs,
    connectTimeout: timeoutMs,
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 10), 1_000),
    connectionName: `tickerwire:${o.instanceId}:watch`.replace(/\s/g, "_"),
  });
  let outage = false;
  client.on("ready", () => {
    if (outage) o.logger.info("watch: Redis connection restored", { url: where });
    outage = false;
  });
  client.on("error", (e: Error) => {
    if (outage) return;
    outage = true;
    o.logger.warn("watch: Redis connection problem", { url: where, error: e.message });
  });
  await client.connect().catch(() => {});
  if (client.status !== "ready") {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`watch: Redis at ${where} is not reachable`)), timeoutMs * 3);
      client.once("ready", () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  const key = (name: string) => `${o.keyPrefix}:watch:${name}`;
  const K = {
    fired: key("fired"),
    seen: key("seen"),
    interval: key("interval"),
    events: key("events"),
    cursor: key("cursor"),
    meta: key("meta"),
    leader: key("leader"),
  };

  return {
    kind: "redis",
    async loadFired() {
      const all = await client.hgetall(K.fired);
      return new Map(Object.entries(all).map(([k, v]) => [k, decodeFired(v)]));
    },
    async getFired(k) {
      return decodeFired(await client.hget(K.fired, k));
    },
    async casFired(k, expectedGen, next) {
      return (await client.eval(CAS_FIRED, 1, K.fired, k, String(expectedGen), encodeFired(next))) === 1;
    },
    async recordEngines(sightings) {
      if (sightings.length === 0) return;
      const args = sightings.flatMap((s) => [
        s.engine,
        String(s.lastSeen),
        s.intervalMs === undefined ? "" : String(s.intervalMs),
        String(s.events),
      ]);
      await client.eval(RECORD_ENGINES, 3, K.seen, K.interval, K.events, String(sightings.length), ...args);
    },
    async engines(): Promise<EngineRecord[]> {
      const [seen, interval, events] = await Promise.all([
        client.hgetall(K.seen),
        client.hgetall(K.interval),
        client.hgetall(K.events),
      ]);
      return Object.keys(seen)
        .sort()
        .map((engine) => ({
          engine,
          lastSeen: Number(seen[engine]),
          intervalMs: interval[engine] ? Number(interval[engine]) : null,
          events: Number(events[engine] ?? 0),
        }));
    },
    async getCursor(name) {
      const v = await client.hget(K.cursor, name);
      return v === null ? null : Number(v);
    },
    async advanceCursor(name, seq) {
      await client.eval(ADVANCE_CURSOR, 1, K.cursor, name, String(seq));
    },
    async getMeta(k) {
      return client.hget(K.meta, k);
    },
    async setMeta(k, value) {
      await client.hset(K.meta, k, value);
    },
    async initMeta(k, value) {
      await client.hsetnx(K.meta, k, value);
      return (await client.hget(K.meta, k)) ?? value;
    },
    async holdLease(owner, ttlMs) {
      try {
        return (await client.eval(HOLD_LEASE, 1, K.leader, owner, String(ttlMs))) === 1;
      } catch {
        return false; // Redis away: nobody can be sure to lead; stand by until it answers
      }
    },
    async releaseLease(owner) {
      await client.eval(RELEASE_LEASE, 1, K.leader, owner).catch(() => {});
    },
    async close() {
      try {
        if (client.status === "ready") await client.quit();
        else client.disconnect();
      } catch {
        client.disconnect();
      }
    },
  };
}
