import { describe, expect, it } from "bun:test";
import { LatencySampler } from "./sampler.ts";

describe("latency sampler", () => {
  it("summarizes what was added since the last drain, then starts over", () => {
    const s = new LatencySampler();
    for (const ms of [5, 10, 15]) s.add(ms);
    expect(s.drain()).toEqual({ p50: 10, p99: 15, max: 15, count: 3 });
    expect(s.drain()).toEqual({ p50: 0, p99: 0, max: 0, count: 0 });
  });

  it("keeps memory bounded in a burst but counts everything and keeps the true max", () => {
    const s = new LatencySampler(4);
    s.add(900); // pushed out of the ring by later samples, still the max
    for (let i = 0; i < 10; i++) s.add(20);
    expect(s.drain()).toEqual({ p50: 20, p99: 20, max: 900, count: 11 });
  });
});
