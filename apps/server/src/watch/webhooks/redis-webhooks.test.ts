/**
 * Webhooks with two instances on one Redis: only the leader delivers, each event once, in order;
 * when it goes away the other takes over from the shared cursor without a gap.
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { type Bus, createRedisBus } from "@tickerwire/bus";
import { type RedisServer, skipWithoutRedis, startRedisServer } from "../../../../../packages/bus/test/redis-server.ts";
import { systemAlert } from "../../../test/events.ts";
import { watchConfig } from "../../../test/watch.ts";
import { silentLogger } from "../../logger.ts";
import { ownDeskLedger } from "../ledger/desk-ledger.ts";
import { createRedisWatchStore } from "../store/redis-store.ts";
import { startWatch, type Watch } from "../watch.ts";

describe.skipIf(skipWithoutRedis())("webhooks on two instances sharing Redis", () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(() => redis?.dispose());

  it("deliver each event once, from the leader, and go on from the cursor after a handover", async () => {
    const seqs: number[] = [];
    const fetchFn = (async (_u: string, init: RequestInit) => {
      seqs.push(Number(new Headers(init.headers).get("x-tickerwire-seq")));
      return new Response(null, { status: 204 });
    }) as unknown as typeof fetch;
    const endpoint = {
      id: "ops",
      url: "http://receiver.test/",
      target: "http://receiver.test",
      secret: "0123456789abcdef",
      topics: ["system.alert"],
      types: undefined,
      minSeverity: undefined,
      format: "json" as const,
      timeoutMs: 1_000,
      retryForMs: 60_000,
      maxRetryDelayMs: 100,
    };
    const instance = async (id: string): Promise<{ bus: Bus; watch: Watch }> => {
      const bus = await createRedisBus({ url: redis.url, keyPrefix: "hooks", instanceId: id });
      const store = await createRedisWatchStore({
        url: redis.url,
        keyPrefix: "hooks",
        instanceId: id,
        logger: silentLogger,
      });
      const watch = await startWatch({
        bus,
        store,
        config: watchConfig([], [endpoint]),
        ledger: ownDeskLedger(),
        logger: silentLogger,
        instanceId: id,
        fetch: fetchFn,
        tickMs: 100,
        leaseMs: 1_000,
      });
      return { bus, watch };
    };
    const a = await instance("a");
    const b = await instance("b");
    const until = async (check: () => boolean, what: string) => {
      const end = Date.now() + 10_000;
      while (!check()) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
        await Bun.sleep(20);
      }
    };
    try {
      expect([a.watch.status().role, b.watch.status().role].sort()).toEqual(["leader", "standby"]);
      const [leader, other] = a.watch.status().role === "leader" ? [a, b] : [b, a];
      const first = (await other.bus.publish([systemAlert("1"), systemAlert("2"), systemAlert("3")])).events.map(
        (e) => e.seq,
      );
      await until(() => seqs.length === 3, "three deliveries");
      await leader.watch.stop(); // the leader goes away (its lease is released)
      await leader.bus.close();
      const second = (await other.bus.publish([systemAlert("4"), systemAlert("5")])).events.map((e) => e.seq);
      await until(() => other.watch.status().role === "leader", "the other to lead");
      await until(() => seqs.length === 5, "five deliveries");
      await Bun.sleep(300);
      expect(seqs).toEqual([...first, ...second]);
    } finally {
      for (const x of [a, b]) {
        await x.watch.stop();
        await x.bus.close();
      }
    }
  });
});
