/**
 * The desk state end to end, on real hub processes: the snapshot's ledger equals an independent
 * computation over 300,000 events (both engines); `snapshot=1` then live, on WebSocket and SSE:
 * nothing missing and nothing twice across the seam; the state survives SIGKILL and retention
 * exactly; two Redis instances serve identical snapshots at the same seq; bad queries are refused
 * with their issues; a token sees only its own topics.
 */
import { afterAll, afterEach, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import type { DeskState, LedgerEntry, SnapshotMessage } from "@tickerwire/protocol";
import { CONSUMER_KINDS, ConsumerPool } from "./helpers/consumers/index.ts";
import { deskStream, type ExpectedLedger, type Item, ledgerOf, publishInBatches } from "./helpers/desk-stream.ts";
import { signals, uniqueStrategy } from "./helpers/fixtures.ts";
import { type StartedHub, startHub } from "./helpers/hub.ts";
import { health, publishOk } from "./helpers/publish.ts";
import { type RedisServer, skipWithoutRedis, startRedisServer } from "./helpers/redis.ts";
import { bearer, SECRET, token } from "./helpers/security.ts";
import { waitUntil } from "./helpers/wait.ts";

setDefaultTimeout(120_000);
const pool = new ConsumerPool();
afterEach(() => pool.closeAll());

async function snapshot(base: string, query = "", headers: Record<string, string> = {}): Promise<SnapshotMessage> {
  const res = await fetch(`${base}/api/v1/snapshot${query}`, { headers });
  if (res.status !== 200) throw new Error(`snapshot answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as SnapshotMessage;
}

function expectLedger(actual: LedgerEntry | undefined, expected: ExpectedLedger): void {
  expect(actual).toBeDefined();
  const a = actual as LedgerEntry;
  expect(a.closed_trades).toBe(expected.closed_trades);
  expect(a.wins).toBe(expected.wins);
  expect(a.losses).toBe(expected.losses);
  expect(a.realized_pnl).toBeCloseTo(expected.realized_pnl, 6);
  expect(a.gross_profit).toBeCloseTo(expected.gross_profit, 6);
  expect(a.gross_loss).toBeCloseTo(expected.gross_loss, 6);
}

function expectDesk(state: DeskState, stream: ReturnType<typeof deskStream>): void {
  expectLedger(state.ledger.total, stream.total);
  for (const [name, l] of Object.entries(stream.byStrategy)) expectLedger(state.ledger.by_strategy[name], l);
  expect(state.positions.map((p) => p.trade_id).sort()).toEqual([...stream.open].sort());
  expect(state.ledger.total.open_positions).toBe(stream.open.length);
}

const publisher = (base: string) => (batch: Item[]) => publishOk(base, batch);

const ENGINES = [
  { name: "local", redis: false },
  { name: "redis", redis: true },
] as const;

describe.each(ENGINES)("desk state on the $name engine", ({ redis: needsRedis }) => {
  let redis: RedisServer | undefined;
  let prefixes = 0;
  // Each test its own key prefix: a fresh history (and checkpoint) on the shared test Redis.
  const env = (extra: Record<string, string> = {}) =>
    needsRedis && redis
      ? { BUS: "redis", REDIS_URL: redis.url, INSTANCE_ID: "a", REDIS_KEY_PREFIX: `desk${prefixes++}`, ...extra }
      : extra;
  const hubs: StartedHub[] = [];
  const start = async (extra: Record<string, string> = {}) => {
    const h = await startHub({ env: env(extra) });
    hubs.push(h);
    return h;
  };
  beforeAll(async () => {
    if (needsRedis && !skipWithoutRedis()) redis = await startRedisServer();
  }, 30_000);
  afterEach(async () => {
    await Promise.all(hubs.splice(0).map((h) => h.dispose()));
  });
  afterAll(async () => {
    await redis?.dispose();
  });
  const skip = needsRedis && skipWithoutRedis();

  test.skipIf(skip)("300,000 events: the snapshot's ledger equals an independent computation", async () => {
    const hub = await start();
    const stream = deskStream({ pairs: 126_000, leaveOpen: 40, prefix: "big" });
    expect(stream.items.length).toBeGreaterThanOrEqual(300_000);
    await publishInBatches(publisher(hub.url), stream.items, 1_000);
    const snap = await snapshot(hub.url);
    expect(snap.seq).toBe(stream.items.length);
    expectDesk(snap.state, stream);
    expect(snap.state.equity.length).toBeLessThanOrEqual(2_100);
    expect(snap.state.equity.at(-1)?.[2]).toBeCloseTo(stream.total.realized_pnl, 6);
  });

  test.skipIf(skip).each(CONSUMER_KINDS)(
    "%s: snapshot=1, then live: the snapshot at S plus every event after it is every event, once, in order",
    async (kind) => {
      const hub = await start();
      const stream = deskStream({ pairs: 3_000, prefix: `seam-${kind}` });
      let stop = false;
      let published = 0;
      const publishing = (async () => {
        for (let i = 0; i < stream.items.length && !stop; i += 50) {
          await publishOk(hub.url, stream.items.slice(i, i + 50));
          published = i + 50;
        }
      })();
      await waitUntil(() => published >= 1_000, { timeoutMs: 20_000, what: "a first thousand events" });
      const c = await pool.open(kind, hub.url, { snapshot: true });
      await waitUntil(() => published >= 3_000, { timeoutMs: 20_000, what: "more events after the snapshot" });
      stop = true;
      await publishing;
      const last = (await health(hub.url)).body.current_seq as number;
      await c.waitFor((x) => x.seqs().at(-1) === last, 20_000);
      const snap = c.controlOf("snapshot")[0];
      expect(snap).toBeDefined();
      expect(c.control.map((m) => m.type).slice(0, 2)).toEqual(["connected", "snapshot"]);
      const seqs = c.seqs();
      const s = (snap as SnapshotMessage).seq;
      // Everything after S, contiguous (all topics), nothing at or below S.
      expect(seqs[0]).toBe(s + 1);
      expect(seqs).toEqual(Array.from({ length: last - s }, (_, i) => s + 1 + i));
      expect(c.violations).toEqual([]);
      // The snapshot then the tail fold to what the hub itself holds now.
      expect((snap as SnapshotMessage).state.counts.events + seqs.length).toBe(
        (await snapshot(hub.url)).state.counts.events,
      );
    },
  );

  test.skipIf(skip)("retention deletes events, never the ledger (HISTORY_MAX_EVENTS=1000, 10,000 trades)", async () => {
    const hub = await start({ HISTORY_MAX_EVENTS: "1000" });
    const stream = deskStream({ pairs: 10_000, leaveOpen: 5, prefix: "ret" });
    await publishInBatches(publisher(hub.url), stream.items, 500);
    await waitUntil(async () => ((await health(hub.url)).body.history_size as number) <= 1_500, {
      timeoutMs: 20_000,
      what: "retention to run",
    });
    expectDesk((await snapshot(hub.url)).state, stream);
    // And after a restart: the checkpoint, not the (trimmed) history, carries the ledger.
    await hub.restart();
    expectDesk((await snapshot(hub.url)).state, stream);
  });

  test.skipIf(skip)("SIGKILL mid-publish: after a restart the state is exactly that of the stored events", async () => {
    const hub = await start();
    const stream = deskStream({ pairs: 40_000, prefix: "kill" });
    const acked: number[] = [];
    let stop = false;
    const publishing = (async () => {
      for (let i = 0; i < stream.items.length && !stop; i += 200) {
        try {
          acked.push(...(await publishOk(hub.url, stream.items.slice(i, i + 200))));
        } catch {
          return; // the hub died under us
        }
      }
    })();
    await waitUntil(() => acked.length >= 20_000, { timeoutMs: 60_000, what: "20,000 acknowledged events" });
    await hub.kill("SIGKILL");
    stop = true;
    await publishing;
    await hub.restart();
    const snap = await snapshot(hub.url);
    // Every acknowledged event is in; what was stored is a prefix of the stream (batches in order).
    expect(snap.seq).toBeGreaterThanOrEqual(Math.max(...acked));
    const stored = deskStream({ pairs: 40_000, prefix: "kill" }).items.slice(0, snap.seq);
    const expected = ledgerOf(stored);
    expectLedger(snap.state.ledger.total, expected.total);
    expect(snap.state.ledger.total.open_positions).toBe(expected.open);
  });
});

describe("snapshot=1 and resumes", () => {
  test("a resume history no longer covers gets a snapshot, not a truncated replay", async () => {
    const small = await startHub({ env: { HISTORY_MAX_EVENTS: "200" } });
    try {
      const s = uniqueStrategy();
      const first = await publishOk(small.url, signals(s, 10));
      for (let i = 0; i < 10; i++) await publishOk(small.url, signals(s, 100));
      await waitUntil(async () => ((await health(small.url)).body.oldest_seq as number) > first[0]! + 1, {
        timeoutMs: 20_000,
        what: "retention",
      });
      const c = await pool.open("ws", small.url, { snapshot: true, lastSeq: first[0] });
      await c.waitFor((x) => x.controlOf("replayed").length === 1, 10_000);
      expect(c.controlOf("snapshot")).toHaveLength(1);
      expect(c.controlOf("replayed")[0]).toMatchObject({ truncated: false });
      expect(c.events).toEqual([]);
    } finally {
      await small.dispose();
    }
  });
});

describe.skipIf(skipWithoutRedis())("two hub instances on one Redis", () => {
  let redis: RedisServer;
  let a: StartedHub;
  let b: StartedHub;
  beforeAll(async () => {
    redis = await startRedisServer();
    a = await startHub({ env: { BUS: "redis", REDIS_URL: redis.url, INSTANCE_ID: "a" } });
    b = await startHub({ env: { BUS: "redis", REDIS_URL: redis.url, INSTANCE_ID: "b" } });
  }, 40_000);
  afterAll(async () => {
    await Promise.all([a?.dispose(), b?.dispose()]);
    await redis?.dispose();
  });

  test("serve identical snapshots at the same seq, and a third one started later agrees", async () => {
    const stream = deskStream({ pairs: 5_000, leaveOpen: 7, prefix: "pair" });
    for (let i = 0; i < stream.items.length; i += 1_000) {
      await publishOk((i / 1_000) % 2 ? a.url : b.url, stream.items.slice(i, i + 1_000));
    }
    const last = stream.items.length;
    await waitUntil(
      async () =>
        ((await health(a.url)).body.current_seq === last && (await health(b.url)).body.current_seq === last) || null,
      { timeoutMs: 20_000, what: "both instances at the last seq" },
    );
    const [sa, sb] = await Promise.all([snapshot(a.url), snapshot(b.url)]);
    expect(sa.seq).toBe(last);
    expect(sb.seq).toBe(last);
    expect(sb.state).toEqual(sa.state);
    expectDesk(sa.state, stream);
    const c = await startHub({ env: { BUS: "redis", REDIS_URL: redis.url, INSTANCE_ID: "c" } });
    try {
      expect((await snapshot(c.url)).state).toEqual(sa.state);
    } finally {
      await c.dispose();
    }
  });
});

describe("bad snapshot requests", () => {
  let hub: StartedHub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub?.dispose());

  test.each([
    ["?min_confidence=2", "min_confidence"],
    ["?types=signal,nope", "types"],
    ["?topics=a..b", "topics"],
    ["?strategies=bad%20name", "strategies"],
  ])("%s is a 400 naming the parameter, with the issues", async (query, parameter) => {
    const res = await fetch(`${hub.url}/api/v1/snapshot${query}`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; parameter: string; issues?: unknown[] };
    expect(body.parameter).toBe(parameter);
    if (parameter !== "topics") expect(body.issues?.length).toBeGreaterThan(0);
  });

  test("POST is refused with 405", async () => {
    expect((await fetch(`${hub.url}/api/v1/snapshot`, { method: "POST" })).status).toBe(405);
  });

  test.each(["ws", "fetch-sse"] as const)("%s: snapshot=yes is refused before the stream opens", async (kind) => {
    const url = new URL(kind === "ws" ? "/ws" : "/sse", hub.url);
    url.search = "snapshot=yes";
    const res = await fetch(url, kind === "ws" ? { headers: { Upgrade: "websocket" } } : {});
    expect(res.status).toBe(400);
    expect(((await res.json()) as { parameter: string }).parameter).toBe("snapshot");
  });
});

describe("with AUTH=jwt", () => {
  let hub: StartedHub;
  beforeAll(async () => {
    hub = await startHub({ env: { AUTH: "jwt", JWT_SECRET: SECRET } });
  });
  afterAll(() => hub?.dispose());

  test("a snapshot holds only what the token may subscribe to", async () => {
    const publisherJwt = await token({ scopes: ["publish"] });
    const s = uniqueStrategy();
    const stream = deskStream({ pairs: 50, strategies: [s], prefix: "auth" });
    await publishOk(hub.url, stream.items, { headers: bearer(publisherJwt) });
    const reader = await token({ scopes: ["subscribe"], subscribe: ["strategy.>"] });
    // Everything (the default topics) is more than the token allows.
    expect((await fetch(`${hub.url}/api/v1/snapshot`, { headers: bearer(reader) })).status).toBe(403);
    const mine = await snapshot(hub.url, "?topics=strategy.>", bearer(reader));
    expect(mine.state.recent.signal.length).toBeGreaterThan(0);
    expect(mine.state.ledger.total.closed_trades).toBe(0);
    expect(mine.state.positions).toEqual([]);
    expect(mine.state.recent.trade).toEqual([]);
    expect((await fetch(`${hub.url}/api/v1/snapshot`)).status).toBe(401);
  });
});
