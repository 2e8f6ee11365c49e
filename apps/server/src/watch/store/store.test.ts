/** The watch store contract, on SQLite and on a private redis-server. */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { type RedisServer, skipWithoutRedis, startRedisServer } from "../../../../../packages/bus/test/redis-server.ts";
import { silentLogger } from "../../logger.ts";
import { createRedisWatchStore } from "./redis-store.ts";
import { createSqliteWatchStore, watchDbPath } from "./sqlite-store.ts";
import type { WatchStore } from "./watch-store.ts";

function contract(name: string, open: () => Promise<WatchStore>, leases: boolean) {
  describe(name, () => {
    it("compare-and-sets fired states: exactly one of two racers wins", async () => {
      const s = await open();
      expect(await s.getFired("k")).toEqual({ active: false, gen: 0 });
      const [x, y] = await Promise.all([
        s.casFired("k", 0, { active: true, gen: 1 }),
        s.casFired("k", 0, { active: true, gen: 1 }),
      ]);
      expect([x, y].filter(Boolean)).toHaveLength(1);
      expect(await s.casFired("k", 0, { active: false, gen: 1 })).toBe(false);
      expect(await s.casFired("k", 1, { active: false, gen: 2 })).toBe(true);
      expect(await s.loadFired()).toEqual(new Map([["k", { active: false, gen: 2 }]]));
      await s.close();
    });

    it("merges engine sightings: later last-seen wins, intervals stick, events add up", async () => {
      const s = await open();
      await s.recordEngines([{ engine: "e", lastSeen: 100, intervalMs: 5_000, events: 2 }]);
      await s.recordEngines([{ engine: "e", lastSeen: 50, intervalMs: 1_000, events: 3 }]); // older (another instance)
      await s.recordEngines([{ engine: "e", lastSeen: 200, intervalMs: undefined, events: 0 }]);
      expect(await s.engines()).toEqual([{ engine: "e", lastSeen: 200, intervalMs: 5_000, events: 5 }]);
      await s.close();
    });

    it("moves cursors forward only, and tells never-set from 0", async () => {
      const s = await open();
      expect(await s.getCursor("c")).toBeNull();
      await s.advanceCursor("c", 0);
      expect(await s.getCursor("c")).toBe(0);
      await s.advanceCursor("c", 10);
      await s.advanceCursor("c", 5);
      expect(await s.getCursor("c")).toBe(10);
      expect(await s.initMeta("id", "a")).toBe("a");
      expect(await s.initMeta("id", "b")).toBe("a");
      await s.close();
    });

    if (!leases) return;
    it("gives the lease to one owner at a time, until it lapses or is released", async () => {
      const s = await open();
      expect(await s.holdLease("one", 300)).toBe(true);
      expect(await s.holdLease("two", 300)).toBe(false);
      expect(await s.holdLease("one", 300)).toBe(true);
      await Bun.sleep(400);
      expect(await s.holdLease("two", 300)).toBe(true);
      await s.releaseLease("one"); // not its lease: nothing happens
      expect(await s.holdLease("one", 300)).toBe(false);
      await s.releaseLease("two");
      expect(await s.holdLease("one", 300)).toBe(true);
      await s.close();
    });
  });
}

contract("sqlite watch store", async () => createSqliteWatchStore(":memory:"), false);

describe("watchDbPath", () => {
  it("puts the watch file beside the bus log", () => {
    expect(watchDbPath("/srv/.data/tickerwire.db")).toBe("/srv/.data/tickerwire.watch.db");
    expect(watchDbPath("/srv/log")).toBe("/srv/log.watch.db");
    expect(watchDbPath(":memory:")).toBe(":memory:");
  });
});

describe.skipIf(skipWithoutRedis())("on Redis", () => {
  let redis: RedisServer;
  let n = 0;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(() => redis?.dispose());
  contract(
    "redis watch store",
    () => createRedisWatchStore({ url: redis.url, keyPrefix: `t${n++}`, instanceId: "test", logger: silentLogger }),
    true,
  );
});
