/**
 * Per-test-file Redis for the engine tests: one private redis-server (started in beforeAll, killed
 * by pid in afterAll), buses on fresh key prefixes (closed after each test), and a plain ioredis
 * client for looking at what the engine wrote.
 */
import { afterAll, afterEach, beforeAll } from "bun:test";
import Redis from "ioredis";
import { createRedisBus, type RedisBus, type RedisBusOptions } from "../src/index.ts";
import { type RedisServer, startRedisServer } from "./redis-server.ts";

export interface RedisTestContext {
  readonly server: RedisServer;
  readonly url: string;
  /** A plain client on the test server (for inspection and fault injection). */
  readonly raw: Redis;
  /** A prefix no other bus of this file uses. */
  prefix(): string;
  /** A bus on the test server (default: a fresh prefix); closed after the test. */
  bus(options?: Partial<RedisBusOptions>): Promise<RedisBus>;
}

let files = 0;

export function useRedis(): RedisTestContext {
  let server: RedisServer | undefined;
  let raw: Redis | undefined;
  const open: RedisBus[] = [];
  let n = 0;
  const fileId = `${process.pid}-${files++}`;

  beforeAll(async () => {
    server = await startRedisServer();
    raw = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    raw.on("error", () => {}); // fault tests kill the server under it
    await raw.connect();
  }, 20_000);
  afterEach(async () => {
    await Promise.all(open.splice(0).map((b) => b.close()));
  });
  afterAll(async () => {
    raw?.disconnect();
    await server?.dispose();
  });

  const ctx: RedisTestContext = {
    get server() {
      if (!server) throw new Error("the test redis-server is not started (use inside tests)");
      return server;
    },
    get url() {
      return ctx.server.url;
    },
    get raw() {
      if (!raw) throw new Error("the test redis-server is not started (use inside tests)");
      return raw;
    },
    prefix: () => `tw-test-${fileId}-${n++}`,
    async bus(options = {}) {
      const b = await createRedisBus({ url: ctx.url, keyPrefix: ctx.prefix(), ...options });
      open.push(b);
      return b;
    },
  };
  return ctx;
}
