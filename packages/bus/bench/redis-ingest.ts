/**
 * Ingest measurement, Redis engine vs local engine (not a test): events/s for one-at-a-time
 * publishes, 64 concurrent single publishes (group commit), and batches, plus two Redis instances
 * publishing at once. Redis is a private redis-server (AOF, appendfsync always) on a free port.
 * Usage: bun packages/bus/bench/redis-ingest.ts [events-per-mode=5000] [--everysec]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type PublishableEvent, TOPICS } from "@tickerwire/protocol";
import { type Bus, createLocalBus, createRedisBus } from "../src/index.ts";
import { startRedisServer } from "../test/redis-server.ts";

const total = Number(process.argv[2] ?? 5_000);
const everysec = process.argv.includes("--everysec");

const event = (i: number): PublishableEvent => ({
  type: "signal",
  topic: TOPICS.signal("RSI_Oversold"),
  data: { strategy_name: "RSI_Oversold", action: i % 2 ? "BUY" : "SELL", price: 42_000 + i, confidence: 0.8 },
});

type Publish = Bus["publish"];
interface Mode {
  name: string;
  run(publishers: Publish[], n: number): Promise<void>;
}

const modes: Mode[] = [
  {
    name: "single, awaited one by one",
    async run([publish], n) {
      for (let i = 0; i < n; i++) await publish!([event(i)]);
    },
  },
  {
    name: "single, 64 in flight",
    async run([publish], n) {
      for (let i = 0; i < n; i += 64) {
        await Promise.all(Array.from({ length: Math.min(64, n - i) }, (_, j) => publish!([event(i + j)])));
      }
    },
  },
  ...[10, 100, 1_000].map(
    (size): Mode => ({
      name: `batches of ${size}`,
      async run([publish], n) {
        for (let i = 0; i < n; i += size)
          await publish!(Array.from({ length: Math.min(size, n - i) }, (_, j) => event(i + j)));
      },
    }),
  ),
];

async function measure(label: string, make: () => Promise<Bus[]>, mode: Mode): Promise<void> {
  const buses = await make();
  try {
    const start = buses[0]!.currentSeq();
    const per = Math.ceil(total / buses.length);
    const t0 = performance.now();
    await Promise.all(buses.map((b) => mode.run([(e, o) => b.publish(e, o)], per)));
    const secs = (performance.now() - t0) / 1000;
    const n = per * buses.length;
    const rate = Math.round(n / secs).toLocaleString("en-US");
    console.log(`${label.padEnd(22)} ${mode.name.padEnd(28)} ${rate.padStart(10)} events/s  (${secs.toFixed(2)} s)`);
    if (buses[0]!.currentSeq() < start) throw new Error("seq went backwards");
  } finally {
    await Promise.all(buses.map((b) => b.close()));
  }
}

const dir = mkdtempSync(join(tmpdir(), "tw-redis-bench-"));
const redis = await startRedisServer();
let prefix = 0;
try {
  if (everysec) {
    const { default: Redis } = await import("ioredis");
    const c = new Redis(redis.url);
    await c.config("SET", "appendfsync", "everysec");
    c.disconnect();
  }
  console.log(
    `bus ingest, ${total} events per mode, Bun ${Bun.version}; Redis appendfsync=${everysec ? "everysec" : "always"}, local sync=normal`,
  );
  const redisBus = (id: string, keyPrefix: string) => createRedisBus({ url: redis.url, keyPrefix, instanceId: id });
  for (const [k, mode] of modes.entries()) {
    await measure("local (sqlite)", async () => [createLocalBus({ path: join(dir, `local-${k}.db`) })], mode);
    await measure("redis, 1 instance", async () => [await redisBus("a", `b${prefix++}`)], mode);
    const shared = `b${prefix++}`;
    await measure("redis, 2 instances", async () => [await redisBus("a", shared), await redisBus("b", shared)], mode);
  }
} finally {
  await redis.dispose();
  rmSync(dir, { recursive: true, force: true });
}
