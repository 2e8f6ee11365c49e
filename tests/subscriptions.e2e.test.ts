/**
 * Subscriptions: topic patterns (`*` one segment, `>` the rest) and filters (strategies, types,
 * min_confidence) deliver only matching events; on WebSocket, subscribe/unsubscribe messages
 * change a live connection's subscription.
 */
import { afterAll, afterEach, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { TOPICS } from "@tickerwire/protocol";
import { CONSUMER_KINDS, ConsumerPool } from "./helpers/consumers/index.ts";
import { signal, uniqueStrategy } from "./helpers/fixtures.ts";
import type { StartedHub } from "./helpers/hub.ts";
import { startHub } from "./helpers/hub.ts";
import { publishOk } from "./helpers/publish.ts";

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

type Item = { topic: string; data: Record<string, unknown> };
const metrics = (s: string): Item => ({
  topic: TOPICS.metrics(s),
  data: { strategy_name: s, total_trades: 3, win_rate: 0.5, total_profit_loss: 1 },
});
const trade = (s: string, id: string): Item => ({
  topic: TOPICS.tradeExecuted,
  data: { trade_id: id, strategy_name: s, action: "BUY", entry_price: 10, quantity: 1 },
});
const closed = (s: string, id: string): Item => ({
  topic: TOPICS.tradeClosed,
  data: { trade_id: id, strategy_name: s, entry_price: 10, exit_price: 11, pnl: 1 },
});
const systemAlert = (message: string): Item => ({ topic: TOPICS.systemAlert, data: { message } });
const candle = (symbol: string): Item => ({
  topic: TOPICS.candle(symbol, "1m"),
  data: { symbol, interval: "1m", open: 1, high: 2, low: 0.5, close: 1.5, volume: 10, start: new Date().toISOString() },
});

/** Publishes items one by one and returns their seqs, in order. */
async function publishEach(url: string, items: Item[]): Promise<number[]> {
  const seqs: number[] = [];
  for (const it of items) seqs.push(...(await publishOk(url, it)));
  return seqs;
}

describe("topic patterns", () => {
  test.each(CONSUMER_KINDS)("%s: `strategy.*.signal,trade.>` delivers signals and trades only", async (kind) => {
    const s = uniqueStrategy();
    const t = `tr-${s}`;
    const c = await pool.open(kind, hub.url, { topics: ["strategy.*.signal", "trade.>"] });
    const items = [signal(s, 1), metrics(s), trade(s, t), systemAlert(`noise ${s}`), closed(s, t), candle(`SYM${s}`)];
    const wanted = [true, false, true, false, true, false];
    const seqs = await publishEach(hub.url, items);
    const [last] = await publishOk(hub.url, signal(s, 2));
    await c.waitFor((x) => x.seqs().includes(last as number));
    expect(c.seqs()).toEqual([...seqs.filter((_, i) => wanted[i]), last as number]);
    expect(c.violations).toEqual([]);
  });
});

describe("filters", () => {
  test.each(CONSUMER_KINDS)(
    "%s: strategies + types + min_confidence deliver only strong signals of that strategy",
    async (kind) => {
      const s = uniqueStrategy();
      const other = uniqueStrategy();
      const c = await pool.open(kind, hub.url, {
        filter: { strategies: [s], types: ["signal"], min_confidence: 0.7 },
      });
      const items = [
        signal(s, 1, 0.9), // yes
        signal(s, 2, 0.5), // too weak
        signal(other, 3, 0.95), // other strategy
        metrics(s), // not a signal
        trade(s, `t-${s}`), // not a signal
        signal(s, 4, 0.7), // yes: the bound is inclusive
      ];
      const seqs = await publishEach(hub.url, items);
      await c.waitFor((x) => x.seqs().includes(seqs[5] as number));
      await Bun.sleep(100);
      expect(c.seqs()).toEqual([seqs[0] as number, seqs[5] as number]);
      expect(c.violations).toEqual([]);
    },
  );

  test.each(CONSUMER_KINDS)("%s: a strategies filter passes events that name no strategy", async (kind) => {
    const s = uniqueStrategy();
    const other = uniqueStrategy();
    const c = await pool.open(kind, hub.url, {
      topics: [`strategy.*.signal`, "system.alert", "market.>", "trade.>"],
      filter: { strategies: [s] },
    });
    const items = [
      signal(s, 1),
      signal(other, 2),
      trade(other, `t-${other}`),
      systemAlert(`plain ${s}`),
      candle(`C${s}`),
      trade(s, `t-${s}`),
    ];
    const wanted = [true, false, false, true, true, true];
    const seqs = await publishEach(hub.url, items);
    await c.waitFor((x) => x.seqs().includes(seqs[5] as number));
    await Bun.sleep(100);
    expect(c.seqs()).toEqual(seqs.filter((_, i) => wanted[i]));
  });
});

describe("subscribe and unsubscribe on a live WebSocket", () => {
  test("ws: subscribe adds topics, unsubscribe removes them, each answered with `subscribed`", async () => {
    const s = uniqueStrategy();
    const c = await pool.open("ws", hub.url, { topics: [TOPICS.metrics(s)] });
    expect(c.controlOf("connected")[0]?.topics).toEqual([TOPICS.metrics(s)]);

    c.send({ type: "subscribe", topics: [TOPICS.signal(s)] });
    await c.waitFor((x) => x.controlOf("subscribed").length === 1);
    expect([...(c.controlOf("subscribed")[0]?.topics ?? [])].sort()).toEqual(
      [TOPICS.metrics(s), TOPICS.signal(s)].sort(),
    );
    const [sig1] = await publishOk(hub.url, signal(s, 1));
    await c.waitFor(1);

    c.send({ type: "unsubscribe", topics: [TOPICS.signal(s)] });
    await c.waitFor((x) => x.controlOf("subscribed").length === 2);
    expect(c.controlOf("subscribed")[1]?.topics).toEqual([TOPICS.metrics(s)]);
    await publishOk(hub.url, signal(s, 2));
    const [m] = await publishOk(hub.url, metrics(s));
    await c.waitFor(2);
    expect(c.seqs()).toEqual([sig1 as number, m as number]);

    // A filter sent with subscribe replaces the connection's filter.
    c.send({ type: "subscribe", topics: [TOPICS.signal(s)], filter: { min_confidence: 0.8 } });
    await c.waitFor((x) => x.controlOf("subscribed").length === 3);
    const [, strong] = await publishOk(hub.url, [signal(s, 3, 0.5), signal(s, 4, 0.9)]);
    await c.waitFor(3);
    await Bun.sleep(100);
    expect(c.seqs()).toEqual([sig1 as number, m as number, strong as number]);
    expect(c.violations).toEqual([]);
  });
});
