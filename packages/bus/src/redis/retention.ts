/**
 * Retention of the shared stream. By count, every XADD trims with `MAXLEN ~` (whole stream nodes,
 * so up to a node more may stay). By age, this periodic step finds the first young event with the
 * local engine's policy (`planRetentionStep`, prefix-only deletes) and trims below it with
 * `XTRIM MINID` (exact). Every instance may run it; trims are idempotent.
 */
import type Redis from "ioredis";
import { planRetentionStep } from "../retention.ts";
import { entriesToRows } from "./entries.ts";
import type { RedisKeys } from "./options.ts";
import type { StreamReader } from "./stream.ts";

export interface TrimOptions {
  now: number;
  maxAgeMs: number;
  maxEvents: number;
  /** Most entries one step reads. */
  maxStep: number;
  /** Most steps in one run (bounds the run; the next run continues). */
  maxSteps?: number;
}

export interface TrimResult {
  deletedEvents: number;
  /** Oldest seq after the run (0 when the stream is empty). */
  oldestSeq: number;
  /** The shared seq when the run started: an empty stream means everything up to it is gone. */
  lastSeq: number;
}

export async function trimStream(
  redis: Redis,
  keys: RedisKeys,
  stream: StreamReader,
  o: TrimOptions,
): Promise<TrimResult> {
  const cutoff = o.now - o.maxAgeMs;
  let deletedEvents = 0;
  let oldestSeq = await stream.oldestSeq();
  const lastSeq = await stream.sharedSeq();
  for (let step = 0; step < (o.maxSteps ?? 100) && oldestSeq > 0; step++) {
    const end = oldestSeq + o.maxStep - 1;
    const rows = entriesToRows(await redis.xrange(keys.events, `${oldestSeq}-0`, `${end}-0`));
    const young = rows.find((r) => r.ms >= cutoff);
    const plan = planRetentionStep({
      oldestSeq,
      lastSeq: Math.max(lastSeq, rows[rows.length - 1]?.seq ?? 0),
      maxEvents: o.maxEvents,
      maxStep: o.maxStep,
      firstYoungSeq: young ? young.seq : null,
    });
    if (plan.deleteBelow > oldestSeq) {
      deletedEvents += Number(await redis.xtrim(keys.events, "MINID", `${plan.deleteBelow}-0`));
    }
    oldestSeq = await stream.oldestSeq();
    if (!plan.more) break;
  }
  return { deletedEvents, oldestSeq, lastSeq };
}
