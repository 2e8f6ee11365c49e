/**
 * `bun scripts/bench/watch-overhead.ts`: what the operators' watch adds to the hub's ingest path,
 * measured where it runs — the bus's commit and its listeners — without HTTP and without a second
 * process, so other jobs on a shared machine slow both variants alike. Two local buses on temp
 * files, one with the watch (the `--watch` bench config: 20 rules, 3 webhook endpoints, sightings
 * of one engine per request) and one without; rounds alternate between them (order swapped each
 * round) publishing the bench's events in batches of 100 and 1,000 with 4 in flight, as the
 * ingest workload does. Prints events/s per variant (median of rounds) and their ratio — on a
 * busy machine that ratio is mostly noise — and the steadier figure: the time spent inside the
 * watch's listener per event, next to the bus path's time per event. HTTP, validation and
 * fan-out add the same cost to both variants, so the hub's end-to-end ratio is closer to 1.
 * Env: ROUNDS (9), EVENTS per round (200,000).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { validatePublishItem } from "@tickerwire/protocol";
import { silentLogger } from "../../apps/server/src/logger.ts";
import { parseRuleFile } from "../../apps/server/src/watch/config/rule-file.ts";
import { parseWebhookFile } from "../../apps/server/src/watch/config/webhook-file.ts";
import { ownDeskLedger } from "../../apps/server/src/watch/ledger/desk-ledger.ts";
import { engineIdentity } from "../../apps/server/src/watch/liveness/engine-id.ts";
import { createSqliteWatchStore, watchDbPath } from "../../apps/server/src/watch/store/sqlite-store.ts";
import { startWatch } from "../../apps/server/src/watch/watch.ts";
import { createLocalBus } from "../../packages/bus/src/index.ts";
import { benchItem } from "./load/marker.ts";
import { BENCH_ENGINE_ID, benchEndpoints, benchRules } from "./targets/watch.ts";

const ROUNDS = Number(process.env.ROUNDS ?? 9);
const EVENTS_PER_ROUND = Number(process.env.EVENTS ?? 200_000);
const dir = mkdtempSync(join(tmpdir(), "tw-watch-overhead-"));

const plain = createLocalBus({ path: join(dir, "plain.db") });
const watched = createLocalBus({ path: join(dir, "watched.db") });
// The hub always listens (its fan-out): give the plain bus a listener too, so only the watch differs.
plain.onEvents(() => {});
/** Time spent inside the watch's listener, measured around each call. */
let listenerMs = 0;
const timedBus: typeof watched = Object.create(watched, {
  onEvents: {
    value: (l: Parameters<typeof watched.onEvents>[0]) =>
      watched.onEvents((batch) => {
        const t = performance.now();
        l(batch);
        listenerMs += performance.now() - t;
      }),
  },
});
const sink = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response(null, { status: 204 }) });
const watch = await startWatch({
  bus: timedBus,
  store: createSqliteWatchStore(watchDbPath(join(dir, "watched.db"))),
  config: {
    rules: parseRuleFile({ rules: benchRules() }, "bench"),
    webhooks: parseWebhookFile({ endpoints: benchEndpoints(`http://127.0.0.1:${sink.port}/hook`) }, "bench", {}),
    livenessIntervalMs: 30_000,
    graceFactor: 3,
  },
  ledger: ownDeskLedger(),
  logger: silentLogger,
  instanceId: "overhead",
});

function events(batch: number, k0: number) {
  return Array.from({ length: batch }, (_, i) => {
    const r = validatePublishItem(benchItem(k0 + i, Date.now(), 200));
    if (!r.ok) throw new Error("bench event invalid");
    return r.value;
  });
}

/** Publishes `total` events in batches, 4 in flight; returns events/s. */
async function run(bus: typeof plain, batch: number, total: number, withWatch: boolean): Promise<number> {
  const batches = Array.from({ length: Math.ceil(total / batch) }, (_, i) => events(batch, i * batch));
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < batches.length) {
        const b = batches[next++]!;
        await bus.publish(b);
        if (withWatch) watch.sawEngine(BENCH_ENGINE_ID, 10_000, b.length); // what the publish route does
      }
    }),
  );
  return total / ((performance.now() - t0) / 1000);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`watch overhead on the bus commit path: ${ROUNDS} alternating rounds of ${EVENTS_PER_ROUND} events`);
for (const batch of [100, 1000]) {
  const a: number[] = [];
  const b: number[] = [];
  listenerMs = 0;
  for (let r = 0; r < ROUNDS; r++) {
    if (r % 2 === 0) {
      a.push(await run(plain, batch, EVENTS_PER_ROUND, false));
      b.push(await run(watched, batch, EVENTS_PER_ROUND, true));
    } else {
      b.push(await run(watched, batch, EVENTS_PER_ROUND, true));
      a.push(await run(plain, batch, EVENTS_PER_ROUND, false));
    }
    await watch.tick();
  }
  const [ma, mb] = [median(a), median(b)];
  const nsPerEvent = (listenerMs * 1e6) / (ROUNDS * EVENTS_PER_ROUND);
  const busNs = 1e9 / ma;
  console.log(
    `batch-${batch}: A/B without ${Math.round(ma).toLocaleString("en-US")}/s, with ${Math.round(mb).toLocaleString("en-US")}/s (${(mb / ma).toFixed(3)}x, as noisy as the machine);` +
      ` the watch's listener: ${nsPerEvent.toFixed(0)} ns per event = ${((100 * nsPerEvent) / busNs).toFixed(1)}% of the bus path's ${busNs.toFixed(0)} ns -> ${(busNs / (busNs + nsPerEvent)).toFixed(3)}x`,
  );
}
// Per publish request: naming the engine and recording the sighting (the route's part).
const headers = new Map([
  ["x-engine-id", BENCH_ENGINE_ID],
  ["x-engine-interval", "10"],
]);
const N = 1_000_000;
const t0 = performance.now();
for (let i = 0; i < N; i++) {
  const id = engineIdentity(null, (h) => headers.get(h));
  if (id.ok && id.engine) watch.sawEngine(id.engine, id.intervalMs, 100);
}
console.log(`per request: engine identity + sighting ${(((performance.now() - t0) * 1e6) / N).toFixed(0)} ns`);
await watch.stop();
await plain.close();
await watched.close();
sink.stop(true);
rmSync(dir, { recursive: true, force: true });
