/**
 * Retention policy: which prefix of the log to delete, by count and by age, one bounded step at
 * a time. The log is always the contiguous range [oldestSeq, lastSeq]; deleting only a prefix
 * keeps it so (an event newer than the age cut is kept together with everything after it, even
 * if the clock went backwards for a later one).
 */
export interface RetentionInput {
  /** Oldest seq held (0 when the log is empty). */
  oldestSeq: number;
  lastSeq: number;
  maxEvents: number;
  /** Most events one step may delete. */
  maxStep: number;
  /**
   * The first seq in [oldestSeq, oldestSeq + maxStep) whose event is young enough to keep by age,
   * or null when every event in that range is too old.
   */
  firstYoungSeq: number | null;
}

export interface RetentionStep {
  /** Delete every event with seq < deleteBelow (no-op when deleteBelow <= oldestSeq). */
  deleteBelow: number;
  /** The oldest seq afterwards (0 when the log is then empty). */
  newOldestSeq: number;
  /** True when another step is needed to reach the policy. */
  more: boolean;
}

export function planRetentionStep(input: RetentionInput): RetentionStep {
  const { oldestSeq, lastSeq, maxEvents, maxStep, firstYoungSeq } = input;
  if (oldestSeq === 0 || oldestSeq > lastSeq) return { deleteBelow: oldestSeq, newOldestSeq: oldestSeq, more: false };
  const stepEnd = Math.min(oldestSeq + maxStep, lastSeq + 1);
  const byCount = lastSeq - maxEvents + 1;
  const byAge = firstYoungSeq ?? stepEnd;
  const wanted = Math.max(byCount, byAge);
  const deleteBelow = Math.max(oldestSeq, Math.min(wanted, stepEnd));
  const more = wanted > stepEnd || (firstYoungSeq === null && stepEnd <= lastSeq);
  return { deleteBelow, newOldestSeq: deleteBelow > lastSeq ? 0 : deleteBelow, more };
}

/** Size of the log in events. */
export function logSize(oldestSeq: number, lastSeq: number): number {
  return oldestSeq === 0 ? 0 : lastSeq - oldestSeq + 1;
}
