import { describe, expect, it } from "bun:test";
import type { PublishableEvent } from "@tickerwire/protocol";
import type { SimulatorClock, SimulatorStatus } from "./simulator.ts";
import { runSimulator } from "./simulator.ts";
import { formatStatus } from "./status-line.ts";

/** A virtual clock: sleeping advances it instantly. */
function fakeClock(): SimulatorClock & { advance(ms: number): void } {
  let t = 1_000_000;
  return {
    now: () => t,
    sleep: async (ms) => {
      t += Math.max(0, ms);
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

function collector() {
  const events: PublishableEvent[] = [];
  return { events, publish: (batch: PublishableEvent[]) => void events.push(...batch) };
}

describe("runSimulator", () => {
  it("runs simulated time `speed` times faster than the wall clock", async () => {
    const c = collector();
    const r = await runSimulator({ seed: 1, speed: 60, durationMs: 10_000, clock: fakeClock() }, c.publish);
    // 10 s of wall time at ×60 = 10 simulated minutes = 10 closed candles per symbol (±1).
    const candles = c.events.filter((e) => e.type === "candle").length;
    expect(candles).toBeGreaterThanOrEqual(27);
    expect(candles).toBeLessThanOrEqual(33);
    expect(r.engine.ticks).toBeGreaterThanOrEqual(119);
    expect(r.engine.ticks).toBeLessThanOrEqual(121);
    expect(r.events).toBe(c.events.length);
  });

  it("runs the warm-up at once, then continues in real time", async () => {
    const clock = fakeClock();
    const c = collector();
    let firstAt = -1;
    const t0 = clock.now();
    await runSimulator({ seed: 1, speed: 60, warmupMs: 60 * 60_000, durationMs: 5_000, clock }, (b) => {
      if (firstAt < 0) firstAt = clock.now();
      c.publish(b);
    });
    // An hour of candles (3 symbols) arrive before any wall time passes, then 5 s × 60 = 5 more minutes.
    expect(firstAt).toBe(t0);
    const candles = c.events.filter((e) => e.type === "candle").length;
    expect(candles).toBeGreaterThanOrEqual(3 * 64);
    expect(candles).toBeLessThanOrEqual(3 * 66);
    expect(c.events.some((e) => e.type === "signal")).toBe(true);
  });

  it("paces by event count when a rate is given", async () => {
    const c = collector();
    await runSimulator({ seed: 2, rate: 20, durationMs: 30_000, clock: fakeClock() }, c.publish);
    // 20 events/s for 30 s ≈ 600, give or take one tick's worth of events.
    expect(c.events.length).toBeGreaterThan(590);
    expect(c.events.length).toBeLessThan(625);
  });

  it("stops when aborted", async () => {
    const ac = new AbortController();
    let calls = 0;
    const r = await runSimulator({ seed: 3, rate: 1_000, signal: ac.signal, clock: fakeClock() }, () => {
      if (++calls === 5) ac.abort();
    });
    expect(calls).toBe(5);
    expect(r.events).toBeGreaterThan(0);
  });

  it("stops trying to catch up when publishing is slower than the pace", async () => {
    const clock = fakeClock();
    let calls = 0;
    const r = await runSimulator({ seed: 4, speed: 600, durationMs: 60_000, clock }, () => {
      calls++;
      clock.advance(3_000); // each publish takes 3 s
    });
    expect(r.lagResets).toBeGreaterThan(0);
    // Without the reset it would burst through hours of backlog; with it, about one publish per 3 s.
    expect(calls).toBeLessThanOrEqual(21);
  });

  it("reports status at the configured interval", async () => {
    const statuses: SimulatorStatus[] = [];
    await runSimulator(
      {
        seed: 5,
        speed: 60,
        durationMs: 20_000,
        statusEveryMs: 5_000,
        clock: fakeClock(),
        onStatus: (s) => statuses.push(s),
      },
      () => {},
    );
    expect(statuses.length).toBeGreaterThanOrEqual(3);
    expect(statuses.length).toBeLessThanOrEqual(4);
    expect(statuses.at(-1)?.elapsedMs).toBeGreaterThanOrEqual(15_000);
    expect(statuses.at(-1)?.eventsPerSec).toBeGreaterThan(0);
  });

  it("propagates a publish failure", async () => {
    const err = await runSimulator({ seed: 6, speed: 60, durationMs: 10_000, clock: fakeClock() }, () => {
      throw new Error("hub said no");
    }).catch((e: unknown) => e);
    expect((err as Error).message).toBe("hub said no");
  });
});

describe("status line", () => {
  it("shows progress, trading and hub state on one line", () => {
    const line = formatStatus(
      {
        elapsedMs: 12_400,
        simTime: Date.UTC(2026, 0, 19, 10, 12),
        events: 345,
        eventsPerSec: 6.25,
        lagResets: 0,
        engine: {
          ticks: 144,
          candles: 36,
          signals: 20,
          opened: 12,
          closed: 9,
          promotions: 1,
          rollbacks: 0,
          systemAlerts: 1,
          openPositions: 3,
        },
      },
      { state: "retrying", queued: 40, accepted: 300, batches: 10, retries: 2, lastSeq: 1043, lastError: "HTTP 503" },
    );
    expect(line).toBe(
      "t+12s | sim 10:12 | 345 events (6.3/s) | candles 36 | signals 20 | trades 9 closed / 3 open | promoted 1 rolled back 0 | hub: retrying seq 1043 | queued 40 | retries 2 | (HTTP 503)",
    );
    expect(line).not.toContain("\n");
  });
});
