/**
 * Delivery: the original system's five example events reach every kind of client with their exact
 * fields and increasing seqs; batches keep their order; an idempotent retry delivers nothing twice;
 * what clients received is what the history API answers.
 */
import { afterAll, afterEach, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { CONSUMER_KINDS, ConsumerPool, FetchSseConsumer } from "./helpers/consumers/index.ts";
import { ORIGINAL_EXAMPLES, signal, uniqueStrategy } from "./helpers/fixtures.ts";
import type { StartedHub } from "./helpers/hub.ts";
import { startHub } from "./helpers/hub.ts";
import { history, publish, publishOk } from "./helpers/publish.ts";

setDefaultTimeout(30_000);
let hub: StartedHub;
const pool = new ConsumerPool();
beforeAll(async () => {
  hub = await startHub();
}, 20_000);
afterEach(() => pool.closeAll());
afterAll(async () => {
  await pool.closeAll();
  await hub?.dispose();
});

const shape = (e: { type: string; topic: string; data: unknown }) => ({ type: e.type, topic: e.topic, data: e.data });

describe("the original system's five example events", () => {
  test.each(CONSUMER_KINDS)(
    "%s: each arrives with its exact fields, in publish order, with increasing seq",
    async (kind) => {
      const c = await pool.open(kind, hub.url);
      const connected = c.controlOf("connected")[0];
      const seqs: number[] = [];
      for (const ex of ORIGINAL_EXAMPLES) seqs.push(...(await publishOk(hub.url, ex.publish)));

      await c.waitFor(ORIGINAL_EXAMPLES.length);
      expect(c.events.map(shape)).toStrictEqual(ORIGINAL_EXAMPLES.map((x) => x.expected));
      expect(c.seqs()).toEqual(seqs);
      for (let i = 1; i < seqs.length; i++) expect(seqs[i] as number).toBeGreaterThan(seqs[i - 1] as number);
      expect(seqs[0] as number).toBeGreaterThan(connected?.current_seq ?? Number.POSITIVE_INFINITY);
      for (const e of c.events) expect(Math.abs(Date.parse(e.timestamp) - Date.now())).toBeLessThan(60_000);
      expect(c.violations).toEqual([]);
    },
  );

  test.each(CONSUMER_KINDS)("%s: a batch gets consecutive seqs and arrives in batch order", async (kind) => {
    const c = await pool.open(kind, hub.url);
    const seqs = await publishOk(
      hub.url,
      ORIGINAL_EXAMPLES.map((x) => x.publish),
    );
    expect(seqs).toHaveLength(5);
    expect(seqs).toEqual(seqs.map((_, i) => (seqs[0] as number) + i));
    await c.waitFor(5);
    expect(c.seqs()).toEqual(seqs);
    expect(c.events.map(shape)).toStrictEqual(ORIGINAL_EXAMPLES.map((x) => x.expected));
    expect(c.violations).toEqual([]);
  });
});

describe("idempotent publish", () => {
  test.each(CONSUMER_KINDS)(
    "%s: a retry with the same Idempotency-Key answers the same seqs and delivers once",
    async (kind) => {
      const s = uniqueStrategy();
      const c = await pool.open(kind, hub.url, { topics: [`strategy.${s}.signal`] });
      const key = `retry-${s}`;
      const batch = [signal(s, 1), signal(s, 2)];
      const first = await publish(hub.url, batch, { idempotencyKey: key });
      const again = await publish(hub.url, batch, { idempotencyKey: key });
      expect(first.status).toBe(202);
      expect(again.status).toBe(202);
      expect(again.body.seqs).toEqual(first.body.seqs as number[]);
      expect(again.body.duplicate).toBe(true);
      // A later event proves nothing else was on its way.
      const [sentinel] = await publishOk(hub.url, signal(s, 3));
      await c.waitFor((x) => x.seqs().includes(sentinel as number));
      expect(c.seqs()).toEqual([...(first.body.seqs as number[]), sentinel as number]);
    },
  );
});

describe("history matches delivery", () => {
  test.each(CONSUMER_KINDS)("%s: GET /api/v1/events since a seq answers exactly the delivered events", async (kind) => {
    const s = uniqueStrategy();
    const c = await pool.open(kind, hub.url, { topics: [`strategy.${s}.signal`] });
    const since = c.controlOf("connected")[0]?.current_seq ?? 0;
    await publishOk(hub.url, [signal(s, 1), signal(s, 2), signal(s, 3)]);
    await c.waitFor(3);
    const h = await history(hub.url, { since, topics: [`strategy.${s}.signal`] });
    expect(h.status).toBe(200);
    expect(h.body.events).toStrictEqual(c.events);
  });
});

describe("SSE response details", () => {
  test("fetch-sse: the stream has the proxy-safe headers, a retry hint, and <epoch>:<seq> ids", async () => {
    const c = await pool.open("fetch-sse", hub.url);
    expect(c).toBeInstanceOf(FetchSseConsumer);
    const f = c as FetchSseConsumer;
    expect(f.headers?.get("content-type")).toStartWith("text/event-stream");
    const cacheControl = f.headers?.get("cache-control") ?? "";
    expect(cacheControl).toContain("no-cache");
    expect(cacheControl).toContain("no-transform");
    expect(f.headers?.get("x-accel-buffering")).toBe("no");
    expect(f.retryMs).toBeGreaterThan(0);
    const [seq] = await publishOk(hub.url, ORIGINAL_EXAMPLES[0]?.publish);
    await c.waitFor(1);
    const epoch = c.controlOf("connected")[0]?.epoch;
    expect(c.lastToken()).toBe(`${epoch}:${seq}`);
    expect(c.violations).toEqual([]);
  });
});
