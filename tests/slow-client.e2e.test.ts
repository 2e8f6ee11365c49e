/**
 * Slow consumers: one WebSocket client stops reading while 20 others read 1,000 mixed
 * events/s. The others' latency must not suffer (p99 with the slow client ≤ 2× p99 without, plus
 * a 25 ms floor that absorbs scheduler noise on a 2-core box running hub, publisher and 21 clients);
 * when the slow client reads again it has every trade, closure, alert and signal exactly once (if
 * the hub lagged it with 4009 it resumes from its last seq, as the SDK would) and the latest value
 * of every conflated stream (metrics per strategy, candle per symbol). With the default limits that
 * client is usually not lagged, so a second hub with small slow-lane limits makes the 4009 path
 * certain: a client that stops reading is told `lagged`, closed with 4009, and its resume from its
 * last seq fills the gap exactly.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { CLOSE_CODES, decodeServerMessage, formatResumeToken, type HubEvent } from "@tickerwire/protocol";
import { UNLIMITED_ENV } from "./delivery-guarantees/env.ts";
import { WsConsumer } from "./helpers/consumers/index.ts";
import type { StartedHub } from "./helpers/hub.ts";
import { startHub } from "./helpers/hub.ts";
import { type Acked, isConflatable, publishMixed, quantile } from "./helpers/mixed-load.ts";
import { publishOk } from "./helpers/publish.ts";
import { RawWs } from "./helpers/raw-ws.ts";
import { waitUntil, withTimeout } from "./helpers/wait.ts";

setDefaultTimeout(120_000);

const READERS = 20;
const RATE = 1_000;
const DURATION_MS = 5_000;
/** Absolute slack on the p99 comparison (see the header). */
const P99_FLOOR_MS = 25;

const TS_KEY = '"timestamp":"';
let hub: StartedHub;
let p99Without = Number.NaN;
let nextStart = 0;

beforeAll(async () => {
  hub = await startHub({
    env: {
      ...UNLIMITED_ENV,
      // Loopback kernel buffers absorb a few hundred KB; a low soft limit makes the slow lane act
      // within the run. The hard limits stay at their defaults.
      WS_SLOW_SOFT_LIMIT: "64KiB",
    },
  });
}, 30_000);
afterAll(async () => {
  await hub?.dispose();
});

/** 20 plain WebSocket readers recording each event's latency (arrival − event timestamp). */
async function openReaders(url: string) {
  const wsUrl = `${url.replace(/^http/, "ws")}/ws`;
  const latencies: number[] = [];
  const counts: number[] = [];
  const sockets = await Promise.all(
    Array.from({ length: READERS }, (_, i) => {
      counts[i] = 0;
      return new Promise<WebSocket>((resolve, reject) => {
        const ws = new WebSocket(wsUrl);
        ws.onmessage = (m) => {
          const now = Date.now();
          const text = String(m.data);
          // Events carry `"timestamp":"<ISO>"` (encodeEvent's fixed key order); read it without a
          // full JSON.parse so the readers' own CPU adds little to what is measured.
          const at = text.indexOf(TS_KEY);
          if (at >= 0 && text.startsWith('{"type":"') && text.includes('"seq":')) {
            latencies.push(now - Date.parse(text.slice(at + TS_KEY.length, at + TS_KEY.length + 24)));
            counts[i] = (counts[i] as number) + 1;
          } else if (text.includes('"type":"connected"')) resolve(ws);
        };
        ws.onerror = () => reject(new Error("reader failed to connect"));
      });
    }),
  );
  return {
    latencies,
    everyoneHas: (n: number) => counts.every((c) => c >= n),
    close: () => {
      for (const s of sockets) s.close();
    },
  };
}

async function metricValue(name: string, transport = "ws", on: StartedHub = hub): Promise<number> {
  const text = await (await fetch(new URL("/metrics", on.url))).text();
  const m = new RegExp(`^tickerwire_${name}\\{transport="${transport}"\\} (\\d+)`, "m").exec(text);
  return m ? Number(m[1]) : 0;
}

/** A raw socket's frames: its events, its control messages (`error:<code>` for errors), the epoch. */
function splitFrames(frames: readonly string[]): { events: HubEvent[]; controls: string[]; epoch: string } {
  const events: HubEvent[] = [];
  const controls: string[] = [];
  let epoch = "";
  for (const raw of frames) {
    const d = decodeServerMessage(raw);
    if (!d.ok) throw new Error(`undecodable frame: ${raw.slice(0, 200)}`);
    if ("seq" in d.value) events.push(d.value as HubEvent);
    else {
      controls.push(d.value.type === "error" ? `error:${d.value.code}` : d.value.type);
      if (d.value.type === "connected") epoch = d.value.epoch;
    }
  }
  return { events, controls, epoch };
}

async function slowConnections(): Promise<number> {
  const h = (await (await fetch(new URL("/api/v1/health", hub.url))).json()) as { slow_connections?: { ws: number } };
  return h.slow_connections?.ws ?? 0;
}

async function runLoad(): Promise<{ acked: Acked[]; p99: number; deliveries: number }> {
  const readers = await openReaders(hub.url);
  try {
    const acked = await publishMixed({
      url: hub.url,
      ratePerSec: RATE,
      durationMs: DURATION_MS,
      pad: 200,
      start: nextStart,
    });
    nextStart += acked.length;
    await waitUntil(() => readers.everyoneHas(acked.length), {
      timeoutMs: 20_000,
      what: "every reader to get every event",
    });
    return { acked, p99: quantile(readers.latencies, 0.99), deliveries: readers.latencies.length };
  } finally {
    readers.close();
  }
}

describe("a slow WebSocket client among 20 fast ones at 1,000 events/s", () => {
  test("baseline: the 20 readers' p99 latency without a slow client", async () => {
    const r = await runLoad();
    p99Without = r.p99;
    console.log(
      `[slow-client] baseline: ${r.acked.length} events acknowledged, ${r.deliveries} deliveries to ${READERS} readers, p99 ${r.p99} ms`,
    );
    expect(r.deliveries).toBe(r.acked.length * READERS);
  });

  test("with a client that stops reading: others unaffected; it ends with every critical event once and the latest values", async () => {
    expect(Number.isFinite(p99Without)).toBe(true);
    const entriesBefore = await metricValue("slow_lane_entries_total");
    const conflatedBefore = await metricValue("conflated_events_total");

    const slow = await RawWs.connect(hub.port, "/ws");
    let r: Awaited<ReturnType<typeof runLoad>>;
    let slowDuringRun = 0;
    const prefill: Acked[] = [];
    try {
      await slow.waitFor(() => slow.messages.length > 0, 5_000, "connected");
      slow.pause();
      // The loopback kernel buffers take ~4 MB before the hub sees any backpressure: fill them
      // with big alerts (critical: they must all arrive too) until the hub reports the socket slow.
      for (let i = 0; i < 300 && (await slowConnections()) === 0; i++) {
        const items = Array.from({ length: 20 }, (_, j) => ({
          topic: "system.alert",
          data: { message: `prefill ${i}.${j} ${"#".repeat(1_900)}` },
        }));
        const seqs = await publishOk(hub.url, items);
        for (const seq of seqs) prefill.push({ seq, type: "alert", topic: "system.alert" });
      }
      const watch = setInterval(async () => {
        slowDuringRun = Math.max(slowDuringRun, await slowConnections());
      }, 250);
      try {
        r = await runLoad();
      } finally {
        clearInterval(watch);
      }
      slow.resume();
      await slow.quiet(500, 30_000);
    } catch (e) {
      slow.destroy();
      throw e;
    }
    const entries = (await metricValue("slow_lane_entries_total")) - entriesBefore;
    const conflated = (await metricValue("conflated_events_total")) - conflatedBefore;
    const lagged = await metricValue("lagged_disconnects_total");

    // What the slow socket got, then (if it was lagged) a resume from its last seq.
    const { events: first, controls, epoch } = splitFrames(slow.messages);
    const wasLagged = slow.closeInfo !== null;
    let resumed: HubEvent[] = [];
    if (wasLagged) {
      const lastSeq = first.at(-1)?.seq ?? 0;
      const c = new WsConsumer(hub.url, { lastSeq: formatResumeToken(epoch, lastSeq) });
      try {
        await c.waitFor((x) => x.controlOf("replayed").length > 0, 30_000);
        resumed = c.events;
      } finally {
        await c.close();
      }
    } else slow.destroy();

    const union = [...first, ...resumed];
    const seqs = union.map((e) => e.seq);
    const dupes = seqs.length - new Set(seqs).size;
    const increasing = seqs.every((s, i) => i === 0 || s > (seqs[i - 1] as number));
    const got = new Set(seqs);
    const must = [...prefill, ...r.acked].filter((e) => !isConflatable(e.type));
    const lost = must.filter((e) => !got.has(e.seq));
    const latest = new Map<string, number>();
    for (const e of r.acked) if (isConflatable(e.type)) latest.set(e.topic, e.seq);
    const staleStreams = [...latest].filter(([, seq]) => !got.has(seq)).map(([t]) => t);
    const acked = new Set([...prefill, ...r.acked].map((e) => e.seq));

    console.log(
      `[slow-client] with a slow client: ${prefill.length} big prefill alerts + ${r.acked.length} mixed acknowledged (${must.length} critical/ordered, ${r.acked.length + prefill.length - must.length} conflatable); ` +
        `slow client got ${first.length} live${wasLagged ? ` + ${resumed.length} on resume after ${slow.closeInfo?.code ?? "tcp close"}` : ""} ` +
        `(${union.filter((e) => acked.has(e.seq)).length} of this run's); lost ${lost.length}; duplicated ${dupes}; ` +
        `conflated ${conflated}; slow-lane entries ${entries}; lagged disconnects (total) ${lagged}; ` +
        `p99 without ${p99Without} ms, with ${r.p99} ms (limit ${2 * p99Without + P99_FLOOR_MS} ms); controls [${controls.join(",")}]`,
    );

    // The scenario really happened: the socket left the fast path while it did not read.
    expect(entries).toBeGreaterThanOrEqual(1);
    expect(slowDuringRun).toBeGreaterThanOrEqual(1);
    // No effect on the others.
    expect(r.deliveries).toBe(r.acked.length * READERS);
    expect(r.p99).toBeLessThanOrEqual(2 * p99Without + P99_FLOOR_MS);
    // Nothing lost, nothing twice, in order; every stream's latest value.
    expect(increasing).toBe(true);
    expect(dupes).toBe(0);
    expect(lost.map((e) => e.seq)).toEqual([]);
    expect(staleStreams).toEqual([]);
    if (wasLagged) expect(controls).toContain("error:lagged");
  });
});

describe("a WebSocket client that stops reading past the slow lane's hard limit", () => {
  let small: StartedHub;
  beforeAll(async () => {
    small = await startHub({
      env: {
        ...UNLIMITED_ENV,
        // Small slow-lane limits, so the hub lags the paused client as soon as the loopback
        // buffers are full; Bun's last-resort close (WS_BUFFER_LIMIT) stays far above them.
        WS_SLOW_SOFT_LIMIT: "16KiB",
        WS_SLOW_HARD_LIMIT: "64KiB",
        WS_BUFFER_LIMIT: "1MiB",
        SLOW_SWEEP_MS: "10",
      },
    });
  }, 30_000);
  afterAll(async () => {
    await small?.dispose();
  });

  const lagged = () => metricValue("lagged_disconnects_total", "ws", small);

  test("is told `lagged` and closed with 4009, and its resume from its last seq has every event once", async () => {
    const slow = await RawWs.connect(small.port, "/ws?topics=system.alert");
    const published: number[] = [];
    try {
      await slow.waitFor(() => slow.messages.length > 0, 5_000, "connected");
      slow.pause();
      // Big alerts (critical: never conflated) until the hub gives up on the socket.
      const message = "#".repeat(1_900);
      for (let i = 0; i < 400 && (await lagged()) === 0; i++) {
        const items = Array.from({ length: 20 }, (_, j) => ({
          topic: "system.alert",
          data: { message: `lag ${i}.${j} ${message}` },
        }));
        published.push(...(await publishOk(small.url, items)));
      }
      expect(await lagged()).toBe(1);
      // Published after the lag: only the resume can deliver these.
      published.push(
        ...(await publishOk(
          small.url,
          Array.from({ length: 5 }, (_, j) => ({ topic: "system.alert", data: { message: `after ${j}` } })),
        )),
      );
      slow.resume();
      await withTimeout(slow.closed, 30_000, "the lagged socket to be closed");
    } finally {
      slow.destroy();
    }

    const { events: first, controls, epoch } = splitFrames(slow.messages);
    expect(controls).toEqual(["connected", "error:lagged"]);
    expect(slow.closeInfo?.code).toBe(CLOSE_CODES.LAGGED);
    // It fell behind: part of what was published never reached it before the close.
    expect(first.length).toBeGreaterThan(0);
    expect(first.length).toBeLessThan(published.length);

    const c = new WsConsumer(small.url, {
      topics: ["system.alert"],
      lastSeq: formatResumeToken(epoch, first.at(-1)?.seq ?? 0),
    });
    let resumed: HubEvent[];
    let replayed: { truncated?: boolean } | undefined;
    try {
      await c.waitFor((x) => x.controlOf("replayed").length > 0, 30_000);
      resumed = [...c.events];
      replayed = c.controlOf("replayed")[0];
      expect(c.violations).toEqual([]);
    } finally {
      await c.close();
    }
    console.log(
      `[slow-client] lagged: ${published.length} published, ${first.length} live before 4009, ${resumed.length} on resume`,
    );
    expect(replayed?.truncated).toBe(false);
    expect([...first, ...resumed].map((e) => e.seq)).toEqual(published);
  });
});
