import { describe, expect, it } from "bun:test";
import { logSize, planRetentionStep } from "./retention.ts";

const base = { oldestSeq: 1, lastSeq: 100, maxEvents: 1_000, maxStep: 1_000, firstYoungSeq: 1 as number | null };

describe("planRetentionStep", () => {
  it("deletes nothing when the log is within both limits", () => {
    expect(planRetentionStep(base)).toEqual({ deleteBelow: 1, newOldestSeq: 1, more: false });
  });

  it("deletes the oldest events beyond the count limit", () => {
    expect(planRetentionStep({ ...base, maxEvents: 30 })).toEqual({ deleteBelow: 71, newOldestSeq: 71, more: false });
  });

  it("deletes the prefix older than the age limit", () => {
    expect(planRetentionStep({ ...base, firstYoungSeq: 40 })).toEqual({
      deleteBelow: 40,
      newOldestSeq: 40,
      more: false,
    });
  });

  it("applies whichever limit cuts deeper", () => {
    expect(planRetentionStep({ ...base, maxEvents: 30, firstYoungSeq: 90 }).deleteBelow).toBe(90);
    expect(planRetentionStep({ ...base, maxEvents: 5, firstYoungSeq: 90 }).deleteBelow).toBe(96);
  });

  it("empties the log when every event is too old, and reports oldest 0", () => {
    expect(planRetentionStep({ ...base, firstYoungSeq: null })).toEqual({
      deleteBelow: 101,
      newOldestSeq: 0,
      more: false,
    });
  });

  it("bounds one step and says when more steps are needed", () => {
    const byCount = planRetentionStep({ ...base, maxEvents: 10, maxStep: 25 });
    expect(byCount).toEqual({ deleteBelow: 26, newOldestSeq: 26, more: true });
    const byAge = planRetentionStep({ ...base, maxStep: 25, firstYoungSeq: null });
    expect(byAge).toEqual({ deleteBelow: 26, newOldestSeq: 26, more: true });
  });

  it("does nothing on an empty log", () => {
    expect(planRetentionStep({ ...base, oldestSeq: 0, firstYoungSeq: null })).toMatchObject({
      newOldestSeq: 0,
      more: false,
    });
  });

  it("reaches the policy after repeated bounded steps", () => {
    let oldest = 1;
    let steps = 0;
    for (; steps < 100; steps++) {
      const s = planRetentionStep({ ...base, oldestSeq: oldest, lastSeq: 1_000, maxEvents: 50, maxStep: 64 });
      oldest = s.newOldestSeq;
      if (!s.more) break;
    }
    expect(oldest).toBe(951);
    expect(steps).toBeLessThan(20);
  });
});

describe("logSize", () => {
  it("counts the contiguous range and is 0 when empty", () => {
    expect(logSize(0, 50)).toBe(0);
    expect(logSize(41, 50)).toBe(10);
  });
});
