/**
 * Crash: a hub process (file database) is SIGKILLed while a publisher streams events and WebSocket
 * and SSE clients read them; it is restarted on the same database and port, and each client
 * resumes from its last cursor. Every acknowledged event (202) must reach every client exactly
 * once, in order. (A publish in flight at the kill may be durable without an answer; it may be
 * delivered too — only acknowledged ones are owed.)
 */
import { afterAll, afterEach, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { UNLIMITED_ENV } from "./delivery-guarantees/env.ts";
import { CONSUMER_KINDS, type Consumer, ConsumerPool, createConsumer } from "./helpers/consumers/index.ts";
import type { StartedHub } from "./helpers/hub.ts";
import { startHub } from "./helpers/hub.ts";
import { mixedEvent } from "./helpers/mixed-load.ts";
import { publishOk } from "./helpers/publish.ts";
import { waitUntil } from "./helpers/wait.ts";

setDefaultTimeout(90_000);
const pool = new ConsumerPool();
let hub: StartedHub;

beforeAll(async () => {
  hub = await startHub({ env: { ...UNLIMITED_ENV, SSE_RETRY_MS: "200" } });
}, 30_000);
afterEach(() => pool.closeAll());
afterAll(async () => {
  await pool.closeAll();
  await hub?.dispose();
});

/** Publishes small batches until stopped, through the crash; records every acknowledged seq. */
function startPublisher(url: () => string) {
  const acked: number[] = [];
  let failures = 0;
  let running = true;
  let i = 0;
  const done = (async () => {
    const deadline = Date.now() + 60_000;
    while (running && Date.now() < deadline) {
      try {
        acked.push(...(await publishOk(url(), [mixedEvent(i++), mixedEvent(i++)])));
      } catch {
        failures++; // the hub is down: the batch is unacknowledged (maybe durable, maybe not)
        await Bun.sleep(20);
      }
      await Bun.sleep(2);
    }
  })();
  return {
    acked,
    failures: () => failures,
    stop: async () => {
      running = false;
      await done;
    },
  };
}

const increasing = (xs: number[]) => xs.every((x, i) => i === 0 || x > (xs[i - 1] as number));

describe("SIGKILL mid-stream, restart on the same database and port", () => {
  test("every acknowledged event reaches every client (ws, eventsource, fetch-sse) exactly once, in order", async () => {
    const first = await Promise.all(CONSUMER_KINDS.map((k) => pool.open(k, hub.url)));
    const pub = startPublisher(() => hub.url);
    await waitUntil(() => pub.acked.length >= 300, { timeoutMs: 20_000, what: "300 acknowledged events" });

    const killedAt = pub.acked.length;
    const code = await hub.kill("SIGKILL");
    await Promise.all(first.map((c) => c.ended));
    await Bun.sleep(300); // the publisher hits the dead port meanwhile
    await hub.restart();
    // Clients come back a little later than the hub, so they have missed events on both sides.
    await waitUntil(() => pub.acked.length >= killedAt + 50, { timeoutMs: 20_000, what: "publishing to resume" });

    // Each client resumes from what it had (its last cursor), as the SDK does.
    const second: Consumer[] = first.map((c) =>
      pool.track(createConsumer(c.kind, hub.url, c.lastToken() ? { lastSeq: c.lastToken() as string } : {})),
    );
    await waitUntil(() => pub.acked.length >= killedAt + 300, { timeoutMs: 20_000, what: "300 more acknowledged" });
    await pub.stop();
    const acked = [...pub.acked];
    const last = acked.at(-1) as number;
    await Promise.all(second.map((c) => c.waitFor((x) => x.seqs().includes(last), 20_000)));

    for (const [k, c] of first.entries()) {
      const s = second[k] as Consumer;
      const seqs = [...c.seqs(), ...s.seqs()];
      const got = new Set(seqs);
      const lost = acked.filter((q) => !got.has(q));
      const dupes = seqs.length - got.size;
      console.log(
        `[crash] ${c.kind}: acknowledged ${acked.length} (${killedAt} before the kill, exit ${code}), publish failures while down ${pub.failures()}; ` +
          `delivered ${c.seqs().length} before + ${s.seqs().length} after (resume ${c.lastToken()}, replayed ${s.controlOf("replayed")[0]?.count}); ` +
          `lost ${lost.length}; duplicated ${dupes}; in order ${increasing(seqs)}`,
      );
      expect(lost).toEqual([]);
      expect(dupes).toBe(0);
      expect(increasing(seqs)).toBe(true);
      expect(s.controlOf("replayed")[0]?.truncated).toBe(false);
      expect(s.controlOf("replayed")[0]?.count).toBeGreaterThanOrEqual(50);
      expect([...c.violations, ...s.violations]).toEqual([]);
    }
  });
});
