/**
 * Truncation on both transports: a resume from before the retention window gets what is left and
 * `replayed.truncated: true` (WebSocket message; SSE `event: replayed`, seen by the `eventsource`
 * package's EventSource and by a raw fetch stream); a cursor from a replaced database (new epoch)
 * is truncated too and replays the new history from its start.
 */
import { afterAll, afterEach, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { rmSync } from "node:fs";
import { TOPICS } from "@tickerwire/protocol";
import { CONSUMER_KINDS, ConsumerPool } from "../helpers/consumers/index.ts";
import { signal, signals, uniqueStrategy } from "../helpers/fixtures.ts";
import type { StartedHub } from "../helpers/hub.ts";
import { startHub } from "../helpers/hub.ts";
import { health, publishOk } from "../helpers/publish.ts";
import { waitUntil } from "../helpers/wait.ts";
import { UNLIMITED_ENV } from "./env.ts";

setDefaultTimeout(60_000);
const pool = new ConsumerPool();
afterEach(() => pool.closeAll());

const increasing = (xs: number[]) => xs.every((x, i) => i === 0 || x > (xs[i - 1] as number));

describe("a resume from before the retention window", () => {
  let hub: StartedHub;
  beforeAll(async () => {
    hub = await startHub({ env: { ...UNLIMITED_ENV, HISTORY_MAX_EVENTS: "50", MEMORY_WINDOW: "20" } });
  }, 30_000);
  afterAll(async () => {
    await pool.closeAll();
    await hub?.dispose();
  });

  test.each(CONSUMER_KINDS)("%s: gets what is left, says truncated, then goes live without a repeat", async (kind) => {
    const s = uniqueStrategy();
    const topics = [TOPICS.signal(s)];
    const c = await pool.open(kind, hub.url, { topics });
    await publishOk(hub.url, signals(s, 2));
    await c.waitFor(2);
    const token = c.lastToken() as string;
    const seen = c.seqs();
    await c.close();

    const missed: number[] = [];
    // The bus applies retention after every 1,000 published events (and on a 10 s timer).
    for (let i = 0; i < 3; i++) missed.push(...(await publishOk(hub.url, signals(s, 400))));
    await waitUntil(async () => (await oldest(hub.url)) > (seen[1] as number) + 1, {
      timeoutMs: 15_000,
      what: "retention to delete the cursor's successors",
    });
    const oldestSeq = await oldest(hub.url);

    const r = await pool.open(kind, hub.url, { topics, lastSeq: token });
    await r.waitFor((x) => x.controlOf("replayed").length === 1, 10_000);
    const replayed = r.controlOf("replayed")[0];
    expect(replayed?.truncated).toBe(true);
    const got = r.seqs();
    expect(increasing(got)).toBe(true);
    expect(got.length).toBeGreaterThan(0);
    // Retention also runs on a timer: it may trim more between reading oldestSeq and the replay.
    // Either way the replay starts at or after what was left, and from there on has every event.
    expect(got[0] as number).toBeGreaterThanOrEqual(oldestSeq);
    expect(got).toEqual(missed.filter((q) => q >= (got[0] as number)));
    expect(got.length).toBeLessThan(missed.length);

    const [live] = await publishOk(hub.url, signal(s, 999));
    await r.waitFor((x) => x.seqs().includes(live as number));
    await Bun.sleep(100);
    expect(r.seqs()).toEqual([...got, live as number]);
    expect(r.violations).toEqual([]);
  });
});

async function oldest(url: string): Promise<number> {
  const h = (await health(url)).body;
  return h.oldest_seq;
}

describe("a cursor from a replaced database (new epoch)", () => {
  let hub: StartedHub;
  beforeAll(async () => {
    hub = await startHub({ env: UNLIMITED_ENV });
  }, 30_000);
  afterAll(async () => {
    await pool.closeAll();
    await hub?.dispose();
  });

  test.each(CONSUMER_KINDS)("%s: is truncated and replays the new history from the start", async (kind) => {
    const s = uniqueStrategy();
    const topics = [TOPICS.signal(s)];
    const c = await pool.open(kind, hub.url, { topics });
    await publishOk(hub.url, signals(s, 5));
    await c.waitFor(5);
    const token = c.lastToken() as string;
    const oldEpoch = c.controlOf("connected")[0]?.epoch;
    await c.close();

    await hub.stop();
    for (const suffix of ["", "-wal", "-shm"]) rmSync(hub.dbPath + suffix, { force: true });
    await hub.restart();
    const h = await health(hub.url);
    expect(h.body.epoch).not.toBe(oldEpoch as string);
    const fresh = await publishOk(hub.url, signals(s, 3));
    expect(fresh[0]).toBe(1); // a new history starts at seq 1

    const r = await pool.open(kind, hub.url, { topics, lastSeq: token });
    await r.waitFor((x) => x.controlOf("replayed").length === 1, 10_000);
    expect(r.controlOf("replayed")[0]).toMatchObject({ truncated: true, count: 3, epoch: h.body.epoch });
    expect(r.seqs()).toEqual(fresh);
    expect(r.violations).toEqual([]);
  });
});
