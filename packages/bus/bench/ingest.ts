/**
 * Ingest measurement for the local bus (not a test): events/s for one-at-a-time publishes,
 * concurrent single publishes (group commit), and batches, each on a fresh temp SQLite file.
 * Usage: bun packages/bus/bench/ingest.ts [events-per-mode=20000] [sync=normal|full]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type PublishableEvent, TOPICS } from "@tickerwire/protocol";
import { createLocalBus } from "../src/index.ts";

const total = Number(process.argv[2] ?? 20_000);
const sync = process.argv[3] === "full" ? "full" : "normal";
const dir = mkdtempSync(join(tmpdir(), "tw-bus-bench-"));

const event = (i: number): PublishableEvent => ({
  type: "signal",
  topic: TOPICS.signal("RSI_Oversold"),
  data: { strategy_name: "RSI_Oversold", action: i % 2 ? "BUY" : "SELL", price: 42_000 + i, confidence: 0.8 },
});

interface Mode {
  name: string;
  /** Publishes `n` events starting at index `i0`. */
  run(publish: ReturnType<typeof createLocalBus>["publish"], n: number): Promise<void>;
}

const modes: Mode[] = [
  {
    name: "single, awaited one by one",
    async run(publish, n) {
      for (let i = 0; i < n; i++) await publish([event(i)]);
    },
  },
  {
    name: "single, 64 in flight (group commit)",
    async run(publish, n) {
      for (let i = 0; i < n; i += 64) {
        await Promise.all(Array.from({ length: Math.min(64, n - i) }, (_, j) => publish([event(i + j)])));
      }
    },
  },
  ...[10, 100, 1_000].map(
    (size): Mode => ({
      name: `batches of ${size}`,
      async run(publish, n) {
        for (let i = 0; i < n; i += size) {
          await publish(Array.from({ length: Math.min(size, n - i) }, (_, j) => event(i + j)));
        }
      },
    }),
  ),
];

try {
  console.log(`local bus ingest, ${total} events per mode, sync=${sync}, Bun ${Bun.version}`);
  // Warm-up (JIT, page cache) so the first mode is not penalized.
  const warm = createLocalBus({ path: join(dir, "warm.db"), sync });
  for (let i = 0; i < 2_000; i++) await warm.publish([event(i)]);
  await warm.close();
  for (const [k, mode] of modes.entries()) {
    const bus = createLocalBus({ path: join(dir, `bench-${k}.db`), sync });
    const t0 = performance.now();
    await mode.run((events, opts) => bus.publish(events, opts), total);
    const secs = (performance.now() - t0) / 1000;
    if (bus.currentSeq() !== total) throw new Error(`${mode.name}: expected ${total} events, got ${bus.currentSeq()}`);
    await bus.close();
    const rate = Math.round(total / secs).toLocaleString("en-US");
    console.log(`${mode.name.padEnd(38)} ${rate.padStart(10)} events/s  (${secs.toFixed(2)} s)`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
