import { describe, expect, it } from "bun:test";
import { signal } from "../test/fixtures.ts";
import { useRedis } from "../test/redis-harness.ts";
import { skipWithoutRedis } from "../test/redis-server.ts";
import {
  BUS_ENGINES,
  type BusConfig,
  BusConfigError,
  BusUnavailableError,
  createBus,
  UnknownBusEngineError,
} from "./index.ts";

describe("createBus", () => {
  it("creates the local engine from its config", async () => {
    const bus = await createBus({ engine: "local", path: ":memory:", windowSize: 10 });
    try {
      expect(bus.engine).toBe("memory+sqlite");
      expect(bus.info().details).toMatchObject({ path: ":memory:", windowSize: 10 });
      const { events } = await bus.publish([signal()]);
      expect(events[0]!.seq).toBe(1);
    } finally {
      await bus.close();
    }
  });

  it("lists the engines it knows", () => {
    expect(BUS_ENGINES).toEqual(["local", "redis"]);
  });

  it("refuses an unknown engine with a message naming the known ones", async () => {
    const config = { engine: "kafka" } as unknown as BusConfig;
    await expect(createBus(config)).rejects.toBeInstanceOf(UnknownBusEngineError);
    await expect(createBus(config)).rejects.toThrow(/unknown bus engine "kafka"; known: local, redis/);
  });

  it("refuses the redis engine without a url, naming the option", async () => {
    const config = { engine: "redis" } as unknown as BusConfig;
    await expect(createBus(config)).rejects.toBeInstanceOf(BusConfigError);
    await expect(createBus(config)).rejects.toThrow(/url/);
  });

  it("fails clearly and in bounded time when Redis is not reachable at start-up", async () => {
    const t0 = Date.now();
    const err = await createBus({ engine: "redis", url: "redis://127.0.0.1:1", connectTimeoutMs: 300 }).catch((e) => e);
    expect(err).toBeInstanceOf(BusUnavailableError);
    expect(err.message).toMatch(/redis:\/\/127\.0\.0\.1:1/);
    expect(Date.now() - t0).toBeLessThan(3_000);
  });
});

describe.skipIf(skipWithoutRedis())("createBus with Redis", () => {
  const redis = useRedis();

  it("creates the redis engine from its config", async () => {
    const bus = await createBus({ engine: "redis", url: redis.url, keyPrefix: redis.prefix(), instanceId: "f1" });
    try {
      expect(bus.engine).toBe("redis");
      expect(bus.info().details).toMatchObject({ instanceId: "f1", redis: "connected" });
      const { events } = await bus.publish([signal()]);
      expect(events[0]!.seq).toBe(1);
    } finally {
      await bus.close();
    }
  });
});
