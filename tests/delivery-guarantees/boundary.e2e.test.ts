/**
 * The replay→live boundary under concurrent publishing: a client that keeps disconnecting and
 * resuming from its last cursor while a publisher runs must, over all its connections, see exactly
 * the acknowledged events — no gap and no duplicate at any of the many boundaries. Both transports
 * (WebSocket, EventSource, fetch stream).
 */
import { afterAll, afterEach, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { TOPICS } from "@tickerwire/protocol";
import { CONSUMER_KINDS, type Consumer, ConsumerPool, createConsumer } from "../helpers/consumers/index.ts";
import { signal, uniqueStrategy } from "../helpers/fixtures.ts";
import type { StartedHub } from "../helpers/hub.ts";
import { startHub } from "../helpers/hub.ts";
import { publishOk } from "../helpers/publish.ts";
import { UNLIMITED_ENV } from "./env.ts";

setDefaultTimeout(90_000);
const ITERATIONS = 25;
const pool = new ConsumerPool();
let hub: StartedHub;

beforeAll(async () => {
  hub = await startHub({ env: UNLIMITED_ENV });
}, 30_000);
afterEach(() => pool.closeAll());
afterAll(async () => {
  await pool.closeAll();
  await hub?.dispose();
});

describe("resume while a publisher runs, many times", () => {
  test.each(CONSUMER_KINDS)(
    "%s: the connections together see every acknowledged event once, in order",
    async (kind) => {
      const s = uniqueStrategy();
      const topics = [TOPICS.signal(s)];
      const acked: number[] = [];
      let running = true;
      // Small batches, back to back: events land during every phase of each resume.
      const publisher = (async () => {
        const deadline = Date.now() + 60_000;
        for (let i = 0; running && Date.now() < deadline; i++) {
          acked.push(...(await publishOk(hub.url, [signal(s, i), signal(s, i + 1)])));
          await Bun.sleep(1);
        }
      })();

      const first = await pool.open(kind, hub.url, { topics });
      const connections: Consumer[] = [first];
      let boundaries = 0;
      let replayedTotal = 0;
      try {
        for (let k = 0; k < ITERATIONS; k++) {
          const prev = connections.at(-1) as Consumer;
          await prev.waitFor(1, 10_000).catch(() => {});
          await Bun.sleep(5 + ((k * 37) % 60)); // vary where in the stream each disconnect falls
          await prev.close();
          const token = prev.lastToken();
          const next = pool.track(createConsumer(kind, hub.url, token ? { topics, lastSeq: token } : { topics }));
          connections.push(next);
          if (token) {
            await next.waitFor((x) => x.controlOf("replayed").length === 1, 10_000);
            replayedTotal += next.controlOf("replayed")[0]?.count ?? 0;
            boundaries++;
          }
        }
      } finally {
        running = false;
        await publisher;
      }
      // The publisher may have gone quiet before the last resume (its last event then reached the
      // previous connection); one more batch, published after the last connection went live, is
      // the end marker it must see.
      acked.push(...(await publishOk(hub.url, [signal(s, -2), signal(s, -1)])));
      const last = connections.at(-1) as Consumer;
      const lastSeq = acked.at(-1) as number;
      await last.waitFor((x) => x.seqs().includes(lastSeq), 15_000);
      await Bun.sleep(100);

      const seqs = connections.flatMap((c) => c.seqs());
      const firstSeen = first.seqs()[0] as number;
      const owed = acked.filter((q) => q >= firstSeen);
      const dupes = seqs.length - new Set(seqs).size;
      console.log(
        `[boundary] ${kind}: ${acked.length} acknowledged, ${boundaries} replay→live boundaries (${replayedTotal} events replayed), ` +
          `${seqs.length} received, duplicated ${dupes}, missing ${owed.filter((q) => !seqs.includes(q)).length}`,
      );
      expect(boundaries).toBe(ITERATIONS);
      expect(replayedTotal).toBeGreaterThan(0);
      expect(seqs).toEqual(owed);
      for (const c of connections) expect(c.violations).toEqual([]);
    },
  );
});
