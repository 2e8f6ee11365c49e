/**
 * Runs retention against the log in the background: after every N published events and on a
 * timer, one bounded step per macrotask until the policy is met, so publishing never stalls
 * behind a big delete. Also forgets expired idempotency keys.
 */
import { planRetentionStep } from "./retention.ts";
import type { SqliteLog } from "./sqlite-log.ts";

export interface RetentionTarget {
  log: SqliteLog;
  /** Current bounds of the log; `setOldest` is called after each step that deleted something. */
  bounds(): { oldestSeq: number; lastSeq: number };
  setOldest(oldestSeq: number, deletedBelow: number): void;
  now(): number;
  maxEvents: number;
  maxAgeMs: number;
  idempotencyTtlMs: number;
  maxStep: number;
  onError(error: unknown): void;
}

export interface RetentionRunner {
  /** Counts published events; starts a background run when the threshold is reached. */
  noteAppended(count: number): void;
  /** Starts a background run (no-op when one is pending). */
  schedule(): void;
  /** Runs to completion now (bounded): for tests and operators. */
  runNow(): { deletedEvents: number; deletedKeys: number };
  stop(): void;
}

/** Safety bound for `runNow`: 1,000 steps × maxStep events. */
const MAX_STEPS_NOW = 1_000;

export function createRetentionRunner(
  t: RetentionTarget,
  opts: { every: number; intervalMs: number },
): RetentionRunner {
  let appended = 0;
  let pending: ReturnType<typeof setImmediate> | undefined;
  let stopped = false;
  const interval = setInterval(() => schedule(), opts.intervalMs);
  interval.unref?.();

  function step(): { deleted: number; more: boolean } {
    const { oldestSeq, lastSeq } = t.bounds();
    const cutoff = t.now() - t.maxAgeMs;
    const firstYoungSeq = oldestSeq === 0 ? null : t.log.firstYoungSeq(oldestSeq, oldestSeq + t.maxStep, cutoff);
    const plan = planRetentionStep({ oldestSeq, lastSeq, maxEvents: t.maxEvents, maxStep: t.maxStep, firstYoungSeq });
    if (plan.deleteBelow <= oldestSeq) return { deleted: 0, more: false };
    const deleted = t.log.deleteBelow(plan.deleteBelow);
    t.setOldest(plan.newOldestSeq, plan.deleteBelow);
    return { deleted, more: plan.more };
  }

  function pruneKeys(): { deleted: number; more: boolean } {
    const deleted = t.log.pruneKeys(t.now() - t.idempotencyTtlMs, t.maxStep);
    return { deleted, more: deleted === t.maxStep };
  }

  function schedule(): void {
    if (stopped || pending) return;
    // setImmediate, not setTimeout: under a publish flood Bun can starve timers for seconds.
    pending = setImmediate(() => {
      pending = undefined;
      if (stopped) return;
      try {
        const events = step();
        const keys = pruneKeys();
        if (events.more || keys.more) schedule();
      } catch (e) {
        t.onError(e);
      }
    });
    pending.unref?.();
  }

  return {
    noteAppended(count) {
      appended += count;
      if (appended >= opts.every) {
        appended = 0;
        schedule();
      }
    },
    schedule,
    runNow() {
      let deletedEvents = 0;
      let deletedKeys = 0;
      for (let i = 0; i < MAX_STEPS_NOW; i++) {
        const s = step();
        deletedEvents += s.deleted;
        if (!s.more) break;
      }
      for (let i = 0; i < MAX_STEPS_NOW; i++) {
        const k = pruneKeys();
        deletedKeys += k.deleted;
        if (!k.more) break;
      }
      return { deletedEvents, deletedKeys };
    },
    stop() {
      stopped = true;
      clearInterval(interval);
      if (pending) clearImmediate(pending);
      pending = undefined;
    },
  };
}
