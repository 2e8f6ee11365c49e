import { describe, expect, it } from "bun:test";
import { alertEvent } from "../../test/events.ts";
import { RecentEvents } from "./recent.ts";

const T = "2026-01-19T10:30:00.000Z";
const fill = (r: RecentEvents, from: number, to: number) => {
  for (let s = from; s <= to; s++) r.push(alertEvent(s, T));
};
const seqs = (r: { events: { seq: number }[] }) => r.events.map((e) => e.seq);

describe("recent events", () => {
  it("hands a tab exactly what it missed when the buffer reaches back to its cursor", () => {
    const r = new RecentEvents();
    r.reset({ epoch: "e1", seq: 10 });
    fill(r, 11, 15);
    const got = r.since({ epoch: "e1", seq: 12 }, "e1");
    expect(seqs(got)).toEqual([13, 14, 15]);
    expect(got.complete).toBe(true);
    expect(r.since({ epoch: "e1", seq: 10 }, "e1").complete).toBe(true);
  });

  it("says incomplete when the tab's cursor is older than the buffer", () => {
    const r = new RecentEvents();
    r.reset({ epoch: "e1", seq: 10 });
    fill(r, 11, 12);
    const got = r.since({ epoch: "e1", seq: 3 }, "e1");
    expect(got.complete).toBe(false);
    expect(seqs(got)).toEqual([11, 12]);
  });

  it("gives nothing to a tab from another epoch, and everything-is-fine to a fresh tab", () => {
    const r = new RecentEvents();
    r.reset({ epoch: "e2", seq: 0 });
    fill(r, 1, 3);
    expect(r.since({ epoch: "e1", seq: 2 }, "e2")).toEqual({ events: [], complete: false });
    expect(r.since(null, "e2")).toEqual({ events: [], complete: true });
    expect(r.since({ epoch: null, seq: 0 }, "e2").complete).toBe(true); // a bare seq: same history
  });

  it("does not know its start before it has a cursor", () => {
    const r = new RecentEvents();
    r.reset(null);
    expect(r.since({ epoch: null, seq: 0 }, null).complete).toBe(false);
  });

  it("evicts the oldest beyond its capacity and raises the floor with them", () => {
    const r = new RecentEvents(3);
    r.reset({ epoch: "e1", seq: 0 });
    fill(r, 1, 7); // 7 > 2 × 3: trimmed to the newest 3
    expect(r.floor).toBe(4);
    expect(r.since({ epoch: "e1", seq: 4 }, "e1")).toMatchObject({ complete: true });
    expect(seqs(r.since({ epoch: "e1", seq: 4 }, "e1"))).toEqual([5, 6, 7]);
    expect(r.since({ epoch: "e1", seq: 3 }, "e1").complete).toBe(false);
  });

  it("after a truncated replay is complete only from where the hub could replay", () => {
    const r = new RecentEvents();
    r.reset({ epoch: "e1", seq: 0 });
    fill(r, 41, 45);
    r.raiseFloor(40);
    expect(r.since({ epoch: "e1", seq: 0 }, "e1").complete).toBe(false);
    expect(r.since({ epoch: "e1", seq: 40 }, "e1").complete).toBe(true);
  });
});
