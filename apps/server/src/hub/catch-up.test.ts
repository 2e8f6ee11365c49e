import { describe, expect, it } from "bun:test";
import { type Bus, createLocalBus } from "@tickerwire/bus";
import { compilePatterns, type PublishableEvent } from "@tickerwire/protocol";
import { signal, systemAlert, trade } from "../../test/events.ts";
import { FakeBroadcaster, FakeConnection } from "../../test/fake-connection.ts";
import { createHub } from "./hub.ts";

/** Deterministic PRNG (mulberry32) so a failing iteration can be replayed from its seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KINDS = [() => trade(), () => systemAlert(), () => signal("RSI_Oversold"), () => signal("Volume_Spike")];
const PATTERNS = ["trade.>", "strategy.RSI_Oversold.signal"];
const matches = compilePatterns(PATTERNS);

const tick = () => new Promise((res) => setImmediate(res));

/**
 * The local bus answers history synchronously, so a replay would finish before any concurrent
 * publish commits. A slow store (big SQLite scan, Redis) does not: delay each page by a random
 * number of macrotasks before and after reading it, so commits land mid-replay and between the
 * read of a page and its use.
 */
function withSlowHistory(bus: Bus, r: () => number): Bus {
  return Object.assign(Object.create(bus) as Bus, {
    async history(q: Parameters<Bus["history"]>[0]) {
      for (let i = Math.floor(r() * 3); i > 0; i--) await tick();
      const page = await bus.history(q);
      for (let i = Math.floor(r() * 3); i > 0; i--) await tick();
      return page;
    },
  });
}

async function runIteration(seed: number, transport: "ws" | "sse") {
  const r = rng(seed);
  const bus = createLocalBus({ path: ":memory:", windowSize: r() < 0.5 ? 0 : 8 });
  const broadcaster = new FakeBroadcaster();
  const hub = createHub({ bus: withSlowHistory(bus, r), broadcaster, replayPageSize: 1 + Math.floor(r() * 5) });
  const pick = (): PublishableEvent => KINDS[Math.floor(r() * KINDS.length)]!();
  try {
    const before = Math.floor(r() * 40);
    for (let i = 0; i < before; i++) await bus.publish([pick()]);
    const cursor = Math.floor(r() * (before + 1));

    // Publishers racing the resume: single events and batches, on microtasks and macrotasks.
    const publishes: Promise<unknown>[] = [];
    const during = 20 + Math.floor(r() * 40);
    let opened = false;
    const conn = new FakeConnection(transport, transport === "ws" ? broadcaster : undefined);
    if (r() < 0.3) conn.bufferLimit = 400; // tiny: live buffer overflows and is re-read from history
    const openAt = Math.floor(r() * during);
    for (let i = 0; i < during; i++) {
      if (i === openAt) {
        hub.open(conn, { patterns: PATTERNS, resume: { seq: cursor, epoch: bus.epoch } });
        opened = true;
      }
      const batch = r() < 0.3 ? [pick(), pick(), pick()] : [pick()];
      publishes.push(bus.publish(batch));
      const wait = r();
      if (wait < 0.3) await Promise.resolve();
      else if (wait < 0.8) await tick();
    }
    expect(opened).toBe(true);
    await Promise.all(publishes);
    await hub.idle();

    const all = (await bus.history({ after: 0, limit: 5000 })).events;
    const expected = all.filter((e) => e.seq > cursor && matches(e.topic)).map((e) => e.seq);
    expect({ seed, seqs: conn.seqs() }).toEqual({ seed, seqs: expected });
    const replayed = conn.control("replayed");
    expect(replayed).toHaveLength(1);
    expect(replayed[0]!.truncated).toBe(false);
  } finally {
    hub.dispose();
    await bus.close();
  }
}

describe("replay → live boundary", () => {
  it("delivers every matching event after the cursor exactly once, in order, under concurrent publishes (WebSocket-style)", async () => {
    for (let seed = 1; seed <= 100; seed++) await runIteration(seed, "ws");
  });

  it("does the same for direct (SSE-style) connections", async () => {
    for (let seed = 1001; seed <= 1100; seed++) await runIteration(seed, "sse");
  });
});
