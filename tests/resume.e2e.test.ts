/**
 * Resume: a client that went away and comes back with its last cursor gets exactly what it missed,
 * in order, once — also while new events keep arriving, and across a server restart on the same
 * database (history and seq survive, the epoch stays the same).
 * Cursors: ws sends `?last_seq=<epoch>:<seq>`, eventsource `?last_seq=`, fetch-sse `Last-Event-ID`.
 */
import { afterAll, afterEach, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { TOPICS } from "@tickerwire/protocol";
import type { ConsumerKind } from "./helpers/consumers/index.ts";
import { CONSUMER_KINDS, ConsumerPool, createConsumer } from "./helpers/consumers/index.ts";
import { signal, signals, uniqueStrategy } from "./helpers/fixtures.ts";
import type { StartedHub } from "./helpers/hub.ts";
import { startHub } from "./helpers/hub.ts";
import { health, history, publishOk } from "./helpers/publish.ts";

setDefaultTimeout(30_000);
const pool = new ConsumerPool();
afterEach(() => pool.closeAll());

/** Connects, receives `n` events, and disconnects; returns the cursor and the seqs it saw. */
async function seeAndLeave(kind: ConsumerKind, url: string, s: string, n: number) {
  const c = await pool.open(kind, url, { topics: [TOPICS.signal(s)] });
  const seqs = await publishOk(url, signals(s, n));
  await c.waitFor(n);
  const token = c.lastToken();
  const epoch = c.controlOf("connected")[0]?.epoch;
  await c.close();
  expect(token).toBeDefined();
  return { token: token as string, seqs, epoch };
}

describe("resume after a disconnect", () => {
  let hub: StartedHub;
  beforeAll(async () => {
    hub = await startHub();
  }, 20_000);
  afterAll(async () => {
    await pool.closeAll();
    await hub?.dispose();
  });

  test.each(CONSUMER_KINDS)(
    "%s: a client that missed 10 events gets exactly those 10, in order, once",
    async (kind) => {
      const s = uniqueStrategy();
      const { token } = await seeAndLeave(kind, hub.url, s, 2);
      const missed = await publishOk(hub.url, signals(s, 10));

      const c = await pool.open(kind, hub.url, { topics: [TOPICS.signal(s)], lastSeq: token });
      await c.waitFor((x) => x.controlOf("replayed").length === 1);
      expect(c.seqs()).toEqual(missed);
      const replayed = c.controlOf("replayed")[0];
      expect(replayed?.count).toBe(10);
      expect(replayed?.truncated).toBe(false);

      // Then it is live, with nothing repeated.
      const [live] = await publishOk(hub.url, signal(s, 99));
      await c.waitFor(11);
      await Bun.sleep(100);
      expect(c.seqs()).toEqual([...missed, live as number]);
      expect(c.violations).toEqual([]);
    },
  );

  test.each(CONSUMER_KINDS)("%s: a resume racing with live publishes loses and repeats nothing", async (kind) => {
    const s = uniqueStrategy();
    const { token } = await seeAndLeave(kind, hub.url, s, 1);
    const missed = await publishOk(hub.url, signals(s, 10));
    const bareSeq = Number(token.split(":").pop());

    // Keep publishing while the resume replays: the replay→live hand-over must be seamless.
    const c = pool.track(createConsumer(kind, hub.url, { topics: [TOPICS.signal(s)], lastSeq: bareSeq }));
    const during: number[] = [];
    for (let i = 0; i < 30; i++) during.push(...(await publishOk(hub.url, signal(s, 100 + i))));
    await c.waitFor(40, 10_000);
    await Bun.sleep(100);
    expect(c.seqs()).toEqual([...missed, ...during]);
    expect(c.controlOf("replayed")).toHaveLength(1);
    expect(c.violations).toEqual([]);
  });

  test.each(CONSUMER_KINDS)("%s: resuming from the latest seq replays nothing and says so", async (kind) => {
    const s = uniqueStrategy();
    const { token } = await seeAndLeave(kind, hub.url, s, 3);
    const c = await pool.open(kind, hub.url, { topics: [TOPICS.signal(s)], lastSeq: token });
    await c.waitFor((x) => x.controlOf("replayed").length === 1);
    expect(c.controlOf("replayed")[0]?.count).toBe(0);
    expect(c.events).toEqual([]);
  });
});

describe("resume across a server restart (same database file)", () => {
  let hub: StartedHub;
  beforeAll(async () => {
    hub = await startHub();
  }, 20_000);
  afterAll(async () => {
    await pool.closeAll();
    await hub?.dispose();
  });

  test.each(CONSUMER_KINDS)(
    "%s: history, seq and epoch survive, and a resume gets what was missed on both sides",
    async (kind) => {
      const s = uniqueStrategy();
      const { token, epoch, seqs: seen } = await seeAndLeave(kind, hub.url, s, 3);
      const beforeRestart = await publishOk(hub.url, signals(s, 2));
      const seqBefore = (await health(hub.url)).body.current_seq;

      await hub.restart();

      const h = await health(hub.url);
      expect(h.body.current_seq).toBe(seqBefore);
      expect(h.body.epoch).toBe(epoch as string);
      const afterRestart = await publishOk(hub.url, [signal(s, 50), signal(s, 51)]);
      expect(afterRestart[0]).toBe(seqBefore + 1);

      const c = await pool.open(kind, hub.url, { topics: [TOPICS.signal(s)], lastSeq: token });
      await c.waitFor((x) => x.controlOf("replayed").length === 1);
      expect(c.seqs()).toEqual([...beforeRestart, ...afterRestart]);
      expect(c.controlOf("replayed")[0]).toMatchObject({ count: 4, truncated: false });

      const all = await history(hub.url, { since: (seen[0] as number) - 1, topics: [TOPICS.signal(s)] });
      expect(all.body.events.map((e) => e.seq)).toEqual([...seen, ...beforeRestart, ...afterRestart]);
      expect(c.violations).toEqual([]);
    },
  );
});
