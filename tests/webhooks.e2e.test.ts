/**
 * Signed webhooks against a real receiver process (helpers/webhook-receiver.ts) that verifies each
 * signature with the README's recipe: every matching event arrives in order, once by its
 * idempotency id — also when the receiver is stopped for a while and restarted, when it answers
 * 500 first, and when the hub is SIGKILLed with deliveries pending; a receiver with another
 * secret refuses every delivery and the hub shows the endpoint failing.
 */
import { afterAll, afterEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import type { StartedHub } from "./helpers/hub.ts";
import { startHub } from "./helpers/hub.ts";
import { health, publishOk } from "./helpers/publish.ts";
import { type Receiver, startReceiver } from "./helpers/receiver.ts";
import { sleep, waitUntil } from "./helpers/wait.ts";
import { alert, closedTrade, watchFiles } from "./helpers/watch-files.ts";

setDefaultTimeout(60_000);
const SECRET = "e2e-webhook-secret-0123456789";
const files = watchFiles();
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((f) => f()));
});
afterAll(() => files.dispose());

async function receiver(env: { STATUSES?: string; SECRET?: string } = {}): Promise<Receiver> {
  const r = await startReceiver({ SECRET, ...env });
  cleanups.push(() => r.stop());
  return r;
}

/** A hub whose one endpoint (`ops`) gets system alerts and closed trades from `r`. */
async function hubFor(r: Receiver, extra: Record<string, unknown> = {}): Promise<StartedHub> {
  const path = files.write(`hooks-${r.port}.json`, {
    endpoints: [
      {
        id: "ops",
        url: r.url,
        secret_env: "OPS_HOOK_SECRET",
        topics: ["system.alert", "trade.closed"],
        timeout: "2s",
        max_retry_delay: "500ms",
        ...extra,
      },
    ],
  });
  const hub = await startHub({ env: { WEBHOOKS: path, OPS_HOOK_SECRET: SECRET, LOG_LEVEL: "info" } });
  cleanups.push(() => hub.dispose());
  return hub;
}

interface HookHealth {
  state: string;
  backlog: number;
  delivered: number;
  dropped: number;
  last_error: string | null;
}
async function hookHealth(hub: StartedHub): Promise<HookHealth> {
  const body = (await health(hub.url)).body as unknown as { watch: { webhooks: HookHealth[] } };
  return body.watch.webhooks[0]!;
}

describe("webhooks to a real receiver", () => {
  test("every matching event arrives once, in order, signed; the receiver is stopped for a while and restarted", async () => {
    const r = await receiver();
    const hub = await hubFor(r);
    const first = await publishOk(hub.url, [
      alert("one"),
      {
        topic: "trade.executed",
        data: {
          trade_id: "t0",
          strategy_name: "RSI_Oversold",
          action: "BUY",
          entry_price: 100,
          quantity: 1,
        },
      },
      closedTrade("RSI_Oversold", 5, "t0"),
    ]);
    await r.waitForAccepted(2);
    await r.stop(); // the receiver is down: deliveries wait and retry
    const during: number[] = [];
    for (let i = 0; i < 10; i++) during.push(...(await publishOk(hub.url, alert(`while down ${i}`))));
    await waitUntil(async () => (await hookHealth(hub)).state === "failing", { timeoutMs: 20_000, what: "failing" });
    expect((await hookHealth(hub)).backlog).toBe(10);
    await r.start();
    const got = await r.waitForAccepted(12);
    const expected = [first[0]!, first[2]!, ...during];
    expect(got.map((d) => d.seq)).toEqual(expected);
    expect(r.deliveries.every((d) => d.verified)).toBe(true);
    const epoch = (await health(hub.url)).body.epoch;
    expect(got.map((d) => d.key)).toEqual(expected.map((s) => `${epoch}:${s}`));
    await waitUntil(async () => (await hookHealth(hub)).state === "ok", { what: "recovered" });
    expect(hub.stderr.some((l) => l.includes("webhooks: endpoint failing") && !l.includes(r.url))).toBe(true);
    expect(hub.stderr.some((l) => l.includes("/hook"))).toBe(false); // never the URL's path in the log
  });

  test("a receiver answering 500 then 200 gets the retry", async () => {
    const r = await receiver({ STATUSES: "500" });
    const hub = await hubFor(r);
    const [seq] = await publishOk(hub.url, alert("retry me"));
    await r.waitForAccepted(1);
    expect(r.deliveries.map((d) => [d.seq, d.status])).toEqual([
      [seq!, 500],
      [seq!, 200],
    ]);
    expect(await hookHealth(hub)).toMatchObject({ state: "ok", delivered: 1, dropped: 0 });
  });

  test("a hub SIGKILLed with deliveries pending delivers them after restart", async () => {
    const r = await receiver();
    const hub = await hubFor(r);
    await r.stop();
    const pending = await publishOk(hub.url, [alert("p1"), alert("p2"), closedTrade("MACD_Divergence", -3, "t9")]);
    await sleep(300); // at least one failed attempt
    await hub.kill("SIGKILL");
    await r.start();
    await sleep(300);
    expect(r.accepted()).toHaveLength(0);
    await hub.restart();
    const got = await r.waitForAccepted(3);
    expect(got.map((d) => d.seq)).toEqual(pending);
    const more = await publishOk(hub.url, alert("after restart"));
    expect((await r.waitForAccepted(4)).map((d) => d.seq)).toEqual([...pending, ...more]);
  });

  test("a receiver with another secret refuses every delivery; the hub shows the endpoint failing", async () => {
    const r = await receiver({ SECRET: "not-the-hubs-secret-at-all" });
    const hub = await hubFor(r);
    for (let i = 0; i < 5; i++) await publishOk(hub.url, alert(`bad sig ${i}`));
    await waitUntil(async () => (await hookHealth(hub)).state === "failing", { what: "failing" });
    expect(r.deliveries.length).toBeGreaterThanOrEqual(5);
    expect(r.deliveries.every((d) => !d.verified && d.status === 401)).toBe(true);
    expect(await hookHealth(hub)).toMatchObject({ dropped: 5, delivered: 0, last_error: "HTTP 401" });
    const metrics = await (await fetch(`${hub.url}/metrics`)).text();
    expect(metrics).toContain('tickerwire_webhook_failing{endpoint="ops"} 1');
    expect(metrics).toContain('tickerwire_webhook_deliveries_total{endpoint="ops",outcome="dropped"} 5');
  });
});
