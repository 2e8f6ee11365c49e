import { describe, expect, it } from "bun:test";
import { planReplay } from "./replay-plan.ts";

const base = { epoch: "E1", currentSeq: 100, maxEvents: 1_000 };

describe("planReplay", () => {
  it("reads after the cursor in the same epoch, not truncated", () => {
    expect(planReplay({ ...base, token: { seq: 40, epoch: "E1" } })).toEqual({ after: 40, truncated: false });
    expect(planReplay({ ...base, token: { seq: 40 } })).toEqual({ after: 40, truncated: false });
  });

  it("starts over with truncated=true for a cursor from another epoch", () => {
    expect(planReplay({ ...base, token: { seq: 40, epoch: "E0" } })).toEqual({ after: 0, truncated: true });
  });

  it("starts over with truncated=true for a bare seq from the future", () => {
    expect(planReplay({ ...base, token: { seq: 101 } })).toEqual({ after: 0, truncated: true });
  });

  it("leaves a cursor of this epoch ahead of our seq to the bus (another instance's newer event)", () => {
    expect(planReplay({ ...base, token: { seq: 103, epoch: base.epoch } })).toEqual({ after: 103, truncated: false });
  });

  it("a cursor at the tip replays nothing and is not truncated", () => {
    expect(planReplay({ ...base, token: { seq: 100 } })).toEqual({ after: 100, truncated: false });
  });

  it("moves a cursor more than maxEvents back forward to the newest maxEvents", () => {
    expect(planReplay({ ...base, maxEvents: 30, token: { seq: 10 } })).toEqual({ after: 70, truncated: true });
    expect(planReplay({ ...base, maxEvents: 30, token: { seq: 70 } })).toEqual({ after: 70, truncated: false });
    expect(planReplay({ ...base, maxEvents: 30, token: { seq: 5, epoch: "old" } })).toEqual({
      after: 70,
      truncated: true,
    });
  });
});
