/**
 * Pacing of the simulated stream against the wall clock: either simulated time runs `speed`
 * times faster than real time, or events go out at a target `rate` per second (simulated time
 * then runs as fast as it must to produce them).
 */

export type Pace = { kind: "speed"; speed: number } | { kind: "rate"; rate: number };

export interface Progress {
  /** Simulated milliseconds run. */
  simMs: number;
  /** Events produced. */
  events: number;
}

/** Wall milliseconds (after the pacing origin) at which the stream should reach `progress`. */
export function dueAfter(pace: Pace, progress: Progress): number {
  return pace.kind === "speed" ? progress.simMs / pace.speed : (progress.events * 1000) / pace.rate;
}

export function since(now: Progress, origin: Progress): Progress {
  return { simMs: now.simMs - origin.simMs, events: now.events - origin.events };
}
