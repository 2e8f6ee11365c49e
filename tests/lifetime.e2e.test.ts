/**
 * Connection lifetime: a stream with nothing to say for 20 s stays open and still delivers (the
 * default heartbeat has to beat Bun's 10 s HTTP idle timeout, so SSE_HEARTBEAT_MS is NOT lowered
 * here); SIGTERM closes WebSockets with 1001, ends SSE streams, and the server exits 0.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { CLOSE_CODES, TOPICS } from "@tickerwire/protocol";
import type { Consumer, ConsumerKind } from "./helpers/consumers/index.ts";
import { CONSUMER_KINDS, ConsumerPool, SSE_KINDS } from "./helpers/consumers/index.ts";
import { signal, uniqueStrategy } from "./helpers/fixtures.ts";
import type { StartedHub } from "./helpers/hub.ts";
import { startHub } from "./helpers/hub.ts";
import { publishOk } from "./helpers/publish.ts";
import { withTimeout } from "./helpers/wait.ts";

setDefaultTimeout(30_000);
const IDLE_MS = 20_000;

describe("an idle connection", () => {
  let hub: StartedHub;
  const pool = new ConsumerPool();
  const consumers = new Map<ConsumerKind, { c: Consumer; strategy: string }>();

  // All three sit idle at once (one 20 s wait, not three); each test then checks its own.
  beforeAll(async () => {
    hub = await startHub(); // default SSE_HEARTBEAT_MS on purpose
    for (const kind of CONSUMER_KINDS) {
      const strategy = uniqueStrategy();
      consumers.set(kind, { c: await pool.open(kind, hub.url, { topics: [TOPICS.signal(strategy)] }), strategy });
    }
    await Bun.sleep(IDLE_MS);
  }, IDLE_MS + 20_000);
  afterAll(async () => {
    await pool.closeAll();
    await hub?.dispose();
  });

  test.each(CONSUMER_KINDS)("%s: stays open through 20 s of silence and receives the next event", async (kind) => {
    const { c, strategy } = consumers.get(kind) as { c: Consumer; strategy: string };
    expect(c.endInfo).toBeNull();
    const [seq] = await publishOk(hub.url, signal(strategy, 1));
    await c.waitFor(1, 2000);
    expect(c.seqs()).toEqual([seq as number]);
    // Still the first connection: nothing reconnected behind our back.
    expect(c.controlOf("connected")).toHaveLength(1);
    expect(c.violations).toEqual([]);
  });

  test("fetch-sse: heartbeat comments arrived while idle", () => {
    const { c } = consumers.get("fetch-sse") as { c: Consumer };
    expect(c.comments.length).toBeGreaterThanOrEqual(1);
  });
});

describe("SIGTERM", () => {
  let hub: StartedHub;
  const pool = new ConsumerPool();
  const consumers = new Map<ConsumerKind, Consumer>();
  let exitCode: number;
  let signalledAt = 0;

  beforeAll(async () => {
    hub = await startHub();
    for (const kind of CONSUMER_KINDS) consumers.set(kind, await pool.open(kind, hub.url));
    signalledAt = Date.now();
    exitCode = await withTimeout(hub.kill("SIGTERM"), 10_000, "the server to exit after SIGTERM");
  }, 30_000);
  afterAll(async () => {
    await pool.closeAll();
    await hub?.dispose();
  });

  test("the server exits with code 0", () => {
    expect(exitCode).toBe(0);
  });

  test("ws: the WebSocket is closed with 1001 (going away)", async () => {
    const c = consumers.get("ws") as Consumer;
    const end = await withTimeout(c.ended, 5000, "the WebSocket to close");
    expect(end.code).toBe(CLOSE_CODES.GOING_AWAY);
    expect(end.at - signalledAt).toBeLessThan(5000);
  });

  test.each(SSE_KINDS)("%s: the stream is ended by the server", async (kind) => {
    const c = consumers.get(kind) as Consumer;
    const end = await withTimeout(c.ended, 5000, "the SSE stream to end");
    expect(end.reason).not.toBe("closed by the test");
    expect(end.at - signalledAt).toBeLessThan(5000);
  });
});
