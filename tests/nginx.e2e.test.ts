/**
 * The hub behind a real nginx. "full" (a well-configured proxy): WebSocket and SSE both work,
 * live and on resume. "strict" (a corporate proxy: upgrades refused, buffering and gzip on, 5 s read
 * timeout): WebSocket is refused, yet SSE delivers each event within DELIVERY_BOUND_MS — the hub's
 * `X-Accel-Buffering: no` turns buffering off — and heartbeats keep the stream open past 5 s.
 * The hub runs with SSE_HEARTBEAT_MS=2000 here, below the strict proxy's 5 s read timeout.
 */
import { afterAll, afterEach, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { TOPICS } from "@tickerwire/protocol";
import { CONSUMER_KINDS, ConsumerPool, createConsumer, SSE_KINDS } from "./helpers/consumers/index.ts";
import { ORIGINAL_EXAMPLES, signal, signals, uniqueStrategy } from "./helpers/fixtures.ts";
import type { StartedHub } from "./helpers/hub.ts";
import { startHub } from "./helpers/hub.ts";
import { rawHttp, upgradeRequest } from "./helpers/net.ts";
import type { Nginx } from "./helpers/nginx.ts";
import { startNginx } from "./helpers/nginx.ts";
import { publishOk } from "./helpers/publish.ts";
import { requireTool, skipWithoutTool } from "./helpers/tools.ts";
import { withTimeout } from "./helpers/wait.ts";

setDefaultTimeout(30_000);
const STRICT_READ_TIMEOUT_MS = 5000;
/**
 * Per-event bound through the strict proxy. A buffering proxy holds small events for seconds (until
 * its buffer fills or the 5 s read timeout ends the response), so half the read timeout still
 * catches buffering, while leaving room for scheduling stalls on a loaded 2-core box.
 */
const DELIVERY_BOUND_MS = 2500;

describe.skipIf(skipWithoutTool("nginx"))("behind nginx", () => {
  let hub: StartedHub;
  let full: Nginx;
  let strict: Nginx;
  const pool = new ConsumerPool();

  beforeAll(async () => {
    requireTool("nginx");
    hub = await startHub({ env: { SSE_HEARTBEAT_MS: "2000" } });
    full = await startNginx(hub.url, "full");
    strict = await startNginx(hub.url, "strict");
  }, 30_000);
  afterEach(() => pool.closeAll());
  afterAll(async () => {
    await pool.closeAll();
    await full?.stop();
    await strict?.stop();
    await hub?.dispose();
  });

  describe('"full" mode', () => {
    test.each(CONSUMER_KINDS)("%s: live events and a resume work through the proxy", async (kind) => {
      const c = await pool.open(kind, full.url);
      const seqs = await publishOk(
        full.url,
        ORIGINAL_EXAMPLES.map((x) => x.publish),
      );
      await c.waitFor(5);
      expect(c.seqs()).toEqual(seqs);
      expect(c.events.map((e): unknown => e.data)).toStrictEqual(ORIGINAL_EXAMPLES.map((x) => x.expected.data));
      const token = c.lastToken();
      await c.close();

      const missed = await publishOk(
        full.url,
        ORIGINAL_EXAMPLES.slice(0, 3).map((x) => x.publish),
      );
      const back = await pool.open(kind, full.url, { lastSeq: token });
      await back.waitFor((x) => x.controlOf("replayed").length === 1);
      expect(back.seqs()).toEqual(missed);
      expect(back.violations).toEqual([]);
    });
  });

  describe('"strict" mode', () => {
    test("ws: the WebSocket upgrade is refused with 403, so a WebSocket client cannot connect", async () => {
      const head = await rawHttp(strict.port, upgradeRequest("/ws", strict.port));
      expect(head.split("\r\n")[0]).toBe("HTTP/1.1 403 Forbidden");
      const c = pool.track(createConsumer("ws", strict.url));
      await withTimeout(c.ended, 5000, "the refused WebSocket to fail");
      expect(c.controlOf("connected")).toEqual([]);
    });

    test.each(SSE_KINDS)(
      "%s: each event arrives within 2.5 s despite buffering and gzip, and the stream outlives the 5 s read timeout",
      async (kind) => {
        const s = uniqueStrategy();
        const c = await pool.open(kind, strict.url, { topics: [TOPICS.signal(s)] });
        // One event at a time, spaced out: a buffering proxy would hold them back together.
        const sentAt: number[] = [];
        for (const item of signals(s, 4)) {
          sentAt.push(Date.now());
          await publishOk(hub.url, item);
          await c.waitFor(sentAt.length, DELIVERY_BOUND_MS + 1000);
          await Bun.sleep(250);
        }
        c.arrivals.forEach((at, i) => {
          expect(at - (sentAt[i] as number)).toBeLessThan(DELIVERY_BOUND_MS);
        });

        // Quiet for longer than the proxy's read timeout: heartbeats must keep it open.
        await Bun.sleep(STRICT_READ_TIMEOUT_MS + 2000);
        expect(c.endInfo).toBeNull();
        const t = Date.now();
        const [seq] = await publishOk(hub.url, signal(s, 50));
        await c.waitFor(5, DELIVERY_BOUND_MS + 1000);
        expect(c.seqs().at(-1)).toBe(seq as number);
        expect((c.arrivals.at(-1) as number) - t).toBeLessThan(DELIVERY_BOUND_MS);
        expect(c.controlOf("connected")).toHaveLength(1);
        expect(c.violations).toEqual([]);
      },
    );
  });
});
