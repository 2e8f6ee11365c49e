import { describe, expect, it } from "bun:test";
import { busState, linkState } from "./health.ts";

describe("linkState", () => {
  it("is connected when ready, reconnecting during a blip, down after it", () => {
    expect(linkState(true, 0, 10_000, 1_000)).toBe("connected");
    expect(linkState(false, 9_500, 10_000, 1_000)).toBe("reconnecting");
    expect(linkState(false, 9_000, 10_000, 1_000)).toBe("down");
  });
});

describe("busState", () => {
  const healthy = {
    closed: false,
    commands: "connected",
    subscriber: "connected",
    stalled: false,
    problem: false,
  } as const;

  it("is ok only when both connections are up and nothing is pending or failing", () => {
    expect(busState(healthy)).toBe("ok");
    expect(busState({ ...healthy, subscriber: "reconnecting" })).toBe("degraded");
    expect(busState({ ...healthy, stalled: true })).toBe("degraded");
    expect(busState({ ...healthy, problem: true })).toBe("degraded");
    expect(busState({ ...healthy, commands: "reconnecting" })).toBe("degraded");
  });

  it("is down when publishes cannot succeed", () => {
    expect(busState({ ...healthy, commands: "down" })).toBe("down");
    expect(busState({ ...healthy, closed: true })).toBe("down");
  });
});
