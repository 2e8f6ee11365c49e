/**
 * Workload sizes of a full run (≈10 min) and a `--quick` smoke run (≈2 min). Every phase is
 * bounded in time; the orchestrator adds only process start-up and connection set-up around them.
 */

export const WORKLOADS = [
  "fanout",
  "burst",
  "ingest",
  "storm",
  "idle",
  "scale",
  "desk",
  "desk-open",
  "firstload",
  "resume",
  "browser",
] as const;
export type Workload = (typeof WORKLOADS)[number];

export interface Profile {
  name: "full" | "quick";
  /** Size of each event on the wire (the hub's JSON), bytes. */
  wireBytes: number;
  fanout: {
    clients: number[];
    rate: number;
    batch: number;
    inFlight: number;
    warmupMs: number;
    measureMs: number;
    drainMs: number;
  };
  burst: { clients: number; batch: number; inFlight: number; durationMs: number; maxEvents: number; drainMs: number };
  ingest: { durationMs: number; batchInFlight: number; singleInFlight: number };
  storm: { clients: number; timeoutMs: number };
  idle: { clients: number; settleMs: number };
  /** Scale-out (hub-ws vs hub-redis-1/2): fan-out's rate and timing, this many clients. */
  scale: { clients: number };
  /** Desk state: history size, strategies, open positions, snapshot requests. */
  desk: { events: number; strategies: number; openPositions: number; snapshots: number };
  /** The dashboard opened on such a hub: history size, strategies, open positions, cold loads per transport. */
  deskOpen: { events: number; strategies: number; openPositions: number; loads: number };
  /** First load of the production dashboard in Chromium: fresh-context visits (median kept). */
  firstLoad: { visits: number };
  /**
   * Resume storm: `clients` (half WebSocket, half SSE) in `workers` load processes, spread over
   * `topics` strategies, while `rate` events/s are published; `steadyMs` before the graceful
   * restart, `settleMs` between the two restarts (more than the SDK's 10 s backoff reset).
   */
  /**
   * The dashboard in Chromium: a catch-up of `events` (history replayed on load), then a live
   * stream of `liveRate` events/s measured for `liveMs` after `warmupMs`.
   */
  browser: { events: number; liveRate: number; warmupMs: number; liveMs: number };
  resume: {
    clients: number;
    workers: number;
    topics: number;
    rate: number;
    steadyMs: number;
    settleMs: number;
    phaseTimeoutMs: number;
  };
  /** Connection attempts in flight while setting up clients (not the storm). */
  connectConcurrency: number;
  /** Longest wait before each run for other jobs on the machine to quieten down. */
  quietWaitMs: number;
}

export const FULL: Profile = {
  name: "full",
  wireBytes: 200,
  fanout: {
    clients: [1000, 5000],
    rate: 1000,
    batch: 100,
    inFlight: 2,
    warmupMs: 3000,
    measureMs: 10_000,
    drainMs: 3000,
  },
  burst: { clients: 1000, batch: 100, inFlight: 2, durationMs: 5000, maxEvents: 25_000, drainMs: 5000 },
  ingest: { durationMs: 5000, batchInFlight: 4, singleInFlight: 64 },
  desk: { events: 1_000_000, strategies: 100, openPositions: 1_000, snapshots: 200 },
  deskOpen: { events: 1_000_000, strategies: 100, openPositions: 1_000, loads: 5 },
  storm: { clients: 5000, timeoutMs: 60_000 },
  idle: { clients: 10_000, settleMs: 3000 },
  scale: { clients: 1000 },
  firstLoad: { visits: 3 },
  browser: { events: 100_000, liveRate: 5000, warmupMs: 2000, liveMs: 10_000 },
  resume: {
    clients: 5000,
    workers: 2,
    topics: 50,
    rate: 1000,
    steadyMs: 3000,
    settleMs: 11_000,
    phaseTimeoutMs: 60_000,
  },
  connectConcurrency: 250,
  quietWaitMs: 4000,
};

export const QUICK: Profile = {
  name: "quick",
  wireBytes: 200,
  fanout: { clients: [1000], rate: 1000, batch: 100, inFlight: 2, warmupMs: 1000, measureMs: 3000, drainMs: 2000 },
  burst: { clients: 1000, batch: 100, inFlight: 2, durationMs: 2000, maxEvents: 10_000, drainMs: 2000 },
  ingest: { durationMs: 2000, batchInFlight: 4, singleInFlight: 64 },
  desk: { events: 100_000, strategies: 100, openPositions: 1_000, snapshots: 50 },
  deskOpen: { events: 100_000, strategies: 100, openPositions: 1_000, loads: 2 },
  storm: { clients: 2000, timeoutMs: 30_000 },
  idle: { clients: 2000, settleMs: 1000 },
  scale: { clients: 1000 },
  firstLoad: { visits: 1 },
  browser: { events: 40_000, liveRate: 5000, warmupMs: 1000, liveMs: 5000 },
  resume: {
    clients: 1000,
    workers: 1,
    topics: 50,
    rate: 1000,
    steadyMs: 2000,
    settleMs: 11_000,
    phaseTimeoutMs: 30_000,
  },
  connectConcurrency: 250,
  quietWaitMs: 1000,
};
