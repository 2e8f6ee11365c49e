import { describe, expect, it } from "bun:test";
import { alertEvent, connectedMessage, replayedMessage } from "../../test/events.ts";
import { TabCursor } from "./tab-cursor.ts";

const T = "2026-01-19T10:30:00.000Z";
const connected = (epoch: string, currentSeq: number) =>
  connectedMessage({ epoch, currentSeq, topics: [">"], serverTime: T, transport: "ws" });

describe("a tab's cursor", () => {
  it("accepts each seq once, in order, and remembers what it accepted", () => {
    const c = new TabCursor({ epoch: "e1", seq: 2 }, {});
    expect([1, 2, 3, 3, 5, 4].map((s) => c.accept(alertEvent(s, T)))).toEqual([false, false, true, false, true, false]);
    expect(c.value).toEqual({ epoch: "e1", seq: 5 });
    expect(c.recent.since({ epoch: "e1", seq: 2 }, "e1")).toMatchObject({ complete: true });
  });

  it("starting live, takes connected.current_seq; the buffer is complete from there", () => {
    const c = new TabCursor(null, {});
    c.connected(connected("e1", 40));
    expect(c.value).toEqual({ epoch: "e1", seq: 40 });
    expect(c.recent.floor).toBe(40);
  });

  it("starts over on another epoch, and forgets the old history's events", () => {
    const c = new TabCursor({ epoch: "e1", seq: 0 }, {});
    c.accept(alertEvent(1, T));
    c.connected(connected("e2", 9));
    expect(c.value).toEqual({ epoch: "e2", seq: 0 });
    expect(c.recent.since({ epoch: "e2", seq: 0 }, "e2").events).toEqual([]);
  });

  it("after a truncated replay, is complete only from where the hub could replay", () => {
    const c = new TabCursor({ epoch: "e1", seq: 0 }, {});
    c.replayed(replayedMessage({ count: 3, truncated: true, from: 50, to: 53, epoch: "e1" }));
    expect(c.recent.floor).toBe(50);
  });

  it("a fresh tab adopts the leader's cursor; a tab with one keeps its own", () => {
    const fresh = new TabCursor(null, {});
    fresh.adopt({ epoch: "e1", seq: 7 });
    expect(fresh.value).toEqual({ epoch: "e1", seq: 7 });
    const own = new TabCursor({ epoch: "e1", seq: 3 }, {});
    own.adopt({ epoch: "e1", seq: 7 });
    expect(own.value).toEqual({ epoch: "e1", seq: 3 });
  });
});
