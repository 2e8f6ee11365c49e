/**
 * Runs the engine in real time: steps it at the pace asked for, hands each tick's events to a
 * publish function (the HTTP publisher, or `bus.publish` when embedded in-process), and reports
 * status now and then. Stops at the duration, on abort, or when publishing fails.
 */
import type { PublishableEvent } from "@tickerwire/protocol";
import type { EngineOptions, EngineStats } from "../engine.ts";
import { createEngine } from "../engine.ts";
import { sleep as realSleep } from "../publish/sleep.ts";
import type { Pace, Progress } from "./pacer.ts";
import { dueAfter, since } from "./pacer.ts";

export type PublishFn = (events: PublishableEvent[]) => Promise<unknown> | unknown;

export interface SimulatorClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface SimulatorOptions extends Partial<EngineOptions> {
  /** Simulated time per wall time (60: a 1-minute candle every second). Default 60. */
  speed?: number;
  /** Target events per second; when set, pacing follows it instead of `speed`. */
  rate?: number;
  /** Wall-clock run time in ms; default: until aborted. */
  durationMs?: number;
  signal?: AbortSignal;
  statusEveryMs?: number;
  onStatus?: (status: SimulatorStatus) => void;
  /**
   * Simulated time to run at once, unpaced, before real time starts: the strategies warm up and
   * a dashboard opened at start already has this much candle history. Default 0.
   */
  warmupMs?: number;
  /** When the stream falls this far behind schedule (slow publisher), it stops trying to catch up. */
  maxLagMs?: number;
  clock?: SimulatorClock;
}

export interface SimulatorStatus {
  elapsedMs: number;
  /** Simulated time (epoch ms). */
  simTime: number;
  events: number;
  /** Events per second since the previous status. */
  eventsPerSec: number;
  /** Times the stream fell behind and gave up catching up. */
  lagResets: number;
  engine: EngineStats;
}

const STEPS_PER_SLICE = 10_000;
const realClock: SimulatorClock = { now: () => Date.now(), sleep: realSleep };

export async function runSimulator(options: SimulatorOptions, publish: PublishFn): Promise<SimulatorStatus> {
  const { speed = 60, rate, durationMs, signal, statusEveryMs = 5_000, onStatus, maxLagMs = 1_000 } = options;
  const warmupMs = options.warmupMs ?? 0;
  const clock = options.clock ?? realClock;
  const pace: Pace = rate !== undefined ? { kind: "rate", rate } : { kind: "speed", speed };
  const engine = createEngine(options);
  const start = clock.now();
  const progress: Progress = { simMs: 0, events: 0 };
  const advance = async () => {
    const step = engine.step();
    progress.simMs += engine.options.tickMs;
    if (step.events.length > 0) {
      await publish(step.events);
      progress.events += step.events.length;
    }
  };
  while (progress.simMs < warmupMs && !signal?.aborted) await advance();
  let origin = { at: clock.now(), progress: { ...progress } };
  let lagResets = 0;
  let lastStatus = { at: start, events: 0 };

  const status = (): SimulatorStatus => {
    const now = clock.now();
    const dt = now - lastStatus.at;
    const s: SimulatorStatus = {
      elapsedMs: now - start,
      simTime: engine.time,
      events: progress.events,
      eventsPerSec: dt > 0 ? ((progress.events - lastStatus.events) * 1000) / dt : 0,
      lagResets,
      engine: engine.stats,
    };
    lastStatus = { at: now, events: progress.events };
    return s;
  };
  const due = () => origin.at + dueAfter(pace, since(progress, origin.progress));
  const stopAt = durationMs !== undefined ? start + durationMs : Number.POSITIVE_INFINITY;

  while (!signal?.aborted && clock.now() < stopAt) {
    for (let i = 0; i < STEPS_PER_SLICE && !signal?.aborted; i++) {
      const now = clock.now();
      const late = now - due();
      if (late < 0 || now >= stopAt) break;
      if (late > maxLagMs) {
        // Behind schedule (publisher slow or hub down): carry on from here instead of bursting.
        lagResets++;
        origin = { at: now, progress: { ...progress } };
      }
      await advance();
    }
    const now = clock.now();
    let wait = Math.min(due() - now, stopAt - now);
    if (onStatus) {
      if (now - lastStatus.at >= statusEveryMs) onStatus(status());
      wait = Math.min(wait, lastStatus.at + statusEveryMs - now);
    }
    await clock.sleep(Math.max(0, wait), signal);
  }
  return status();
}
