import { describe, expect, it } from "bun:test";
import { alertEvent, connectedMessage, replayedMessage, snapshotMessage } from "../test/events.ts";
import { ClientCursor } from "./cursor.ts";

const T = "2026-01-19T10:30:00.000Z";
const connected = (epoch: string, currentSeq: number) =>
  connectedMessage({ epoch, currentSeq, topics: [">"], serverTime: T, transport: "ws" });

function cursor(initial: ConstructorParameters<typeof ClientCursor>[0]) {
  const warnings: string[] = [];
  return { c: new ClientCursor(initial, { warn: (m) => warnings.push(String(m)) }), warnings };
}

describe("the resume cursor", () => {
  it("accepts each seq once, in order: replay overlap and the other stream are dropped", () => {
    const { c } = cursor({ epoch: "e1", seq: 2 });
    expect([1, 2, 3, 3, 5, 4].map((s) => c.accept(alertEvent(s, T)))).toEqual([false, false, true, false, true, false]);
    expect(c.value).toEqual({ epoch: "e1", seq: 5 });
  });

  it("without a cursor accepts the first event it sees", () => {
    const { c } = cursor(null);
    expect(c.accept(alertEvent(7, T))).toBe(true);
    expect(c.value).toEqual({ epoch: null, seq: 7 });
  });

  it("a live start takes connected.current_seq; a resume keeps its seq and learns the epoch", () => {
    const live = cursor(null).c;
    live.connected(connected("e1", 40));
    expect(live.value).toEqual({ epoch: "e1", seq: 40 });
    const resumed = cursor({ epoch: null, seq: 12 }).c;
    resumed.connected(connected("e1", 40));
    expect(resumed.value).toEqual({ epoch: "e1", seq: 12 });
  });

  it("starts over at 0 on another epoch, from `connected` or from `replayed`, and says so", () => {
    const a = cursor({ epoch: "e1", seq: 30 });
    a.c.connected(connected("e2", 9));
    expect(a.c.value).toEqual({ epoch: "e2", seq: 0 });
    const b = cursor({ epoch: "e1", seq: 30 });
    b.c.replayed(replayedMessage({ count: 2, truncated: true, from: 1, to: 2, epoch: "e3" }));
    expect(b.c.value).toEqual({ epoch: "e3", seq: 0 });
    expect([...a.warnings, ...b.warnings]).toEqual([
      "hub history changed (epoch e1 → e2); starting over",
      "hub history changed (epoch e1 → e3); starting over",
    ]);
  });

  it("jumps to a snapshot's seq, up or down, and drops what the snapshot already holds", () => {
    const { c } = cursor({ epoch: "e1", seq: 50 });
    c.snapshot(snapshotMessage({ epoch: "e1", seq: 20 }));
    expect(c.value).toEqual({ epoch: "e1", seq: 20 });
    expect(c.accept(alertEvent(20, T))).toBe(false);
    expect(c.accept(alertEvent(21, T))).toBe(true);
  });

  it("forget() leaves no cursor; adopt() gives one only to a cursor without one", () => {
    const { c } = cursor({ epoch: "e1", seq: 3 });
    c.adopt({ epoch: "e1", seq: 7 });
    expect(c.value).toEqual({ epoch: "e1", seq: 3 });
    c.forget();
    expect(c.value).toBeNull();
    c.adopt({ epoch: "e1", seq: 7 });
    expect(c.value).toEqual({ epoch: "e1", seq: 7 });
  });
});
