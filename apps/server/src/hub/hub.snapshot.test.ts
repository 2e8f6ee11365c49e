import { afterEach, beforeEach, describe, expect, it } from "bun:test";
import { type Bus, createLocalBus, type Projection, type StoredEvent } from "@tickerwire/bus";
import { signal, trade } from "../../test/events.ts";
import { FakeBroadcaster, FakeConnection } from "../../test/fake-connection.ts";
import { createHub, type Hub, type SnapshotSource } from "./hub.ts";

/**
 * A desk stand-in: the seqs folded so far, as the bus's projection; its "snapshot" names them, so
 * a test can check that snapshot + the events after it are every event exactly once.
 */
class SeqBook implements Projection, SnapshotSource {
  folded: number[] = [];
  views: { patterns: readonly string[] }[] = [];
  seq = () => this.folded.at(-1) ?? 0;
  apply(batch: readonly StoredEvent[]) {
    for (const e of batch) if (e.seq > this.seq()) this.folded.push(e.seq);
  }
  serialize = () => JSON.stringify(this.folded);
  restore(s: string) {
    this.folded = JSON.parse(s);
  }
  reset() {
    this.folded = [];
  }
  snapshot(view: { patterns: readonly string[] }) {
    this.views.push({ patterns: [...view.patterns] });
    const seq = this.seq();
    return {
      seq,
      json: JSON.stringify({
        type: "snapshot",
        epoch: "e",
        seq,
        timestamp: new Date(0).toISOString(),
        state: { folded: [...this.folded] },
      }),
    };
  }
}

let book: SeqBook;
let bus: Bus;
let broadcaster: FakeBroadcaster;
let hub: Hub;

beforeEach(() => {
  book = new SeqBook();
  bus = createLocalBus({ path: ":memory:", projection: book, maxEvents: 50, retentionEvery: 1_000_000 });
  broadcaster = new FakeBroadcaster();
  hub = createHub({ bus, broadcaster, desk: book, replayPageSize: 10 });
});
afterEach(async () => {
  hub.dispose();
  await bus.close();
});

type Msg = { type: string; seq?: number; state?: { folded: number[] } };
const received = (c: FakeConnection) => c.received as unknown as Msg[];
/** Every seq the client holds: those the snapshot includes plus the events after it. */
function held(c: FakeConnection): number[] {
  const out: number[] = [];
  for (const m of received(c)) {
    if (m.type === "snapshot") out.splice(0, out.length, ...(m.state?.folded ?? []));
    else if (typeof m.seq === "number" && !["connected", "replayed"].includes(m.type)) out.push(m.seq);
  }
  return out;
}
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe.each(["ws", "sse"] as const)("snapshot=1 (%s)", (kind) => {
  const conn = () => (kind === "ws" ? new FakeConnection("ws", broadcaster) : new FakeConnection("sse"));

  it("sends connected, then the snapshot at S, then every later event once, in order", async () => {
    await bus.publish(Array.from({ length: 5 }, () => signal()));
    const c = conn();
    hub.open(c, { patterns: [">"], snapshot: true });
    expect(received(c).map((m) => m.type)).toEqual(["connected", "snapshot"]);
    expect(received(c)[1]?.seq).toBe(5);
    await bus.publish([trade(), signal()]);
    expect(held(c)).toEqual(range(7));
    expect(hub.counters.snapshots[kind]).toBe(1);
  });

  it("a resume that history still covers is replayed as usual, with no snapshot", async () => {
    await bus.publish(Array.from({ length: 8 }, () => signal()));
    const c = conn();
    hub.open(c, { patterns: [">"], snapshot: true, resume: { seq: 3, epoch: bus.epoch } });
    await hub.idle();
    expect(received(c).some((m) => m.type === "snapshot")).toBe(false);
    expect(c.seqs()).toEqual([4, 5, 6, 7, 8]);
    expect(c.control("replayed")[0]).toMatchObject({ truncated: false });
  });

  it("a resume history no longer covers gets the snapshot instead of a truncated replay", async () => {
    for (let i = 0; i < 10; i++) await bus.publish(Array.from({ length: 10 }, () => signal()));
    (bus as ReturnType<typeof createLocalBus>).runRetention();
    const c = conn();
    hub.open(c, { patterns: [">"], snapshot: true, resume: { seq: 2, epoch: bus.epoch } });
    await hub.idle();
    await bus.publish([trade()]);
    expect(held(c)).toEqual(range(101));
    expect(c.control("replayed")[0]).toMatchObject({ truncated: false, to_seq: 100 });
  });

  it("a cursor of another epoch gets the snapshot too", async () => {
    await bus.publish(Array.from({ length: 4 }, () => signal()));
    const c = conn();
    hub.open(c, { patterns: [">"], snapshot: true, resume: { seq: 900, epoch: "another" } });
    await hub.idle();
    await bus.publish([signal()]);
    expect(held(c)).toEqual(range(5));
  });

  it("builds the snapshot for the session's own view", async () => {
    const c = conn();
    hub.open(c, { patterns: ["trade.>"], filter: { strategies: ["A"] }, snapshot: true });
    expect(book.views).toEqual([{ patterns: ["trade.>"] }]);
  });
});

describe("snapshot=1 on a hub without a desk", () => {
  it("is refused with an error and the connection goes on live", async () => {
    const plain = createHub({ bus, broadcaster });
    const c = new FakeConnection("ws", broadcaster);
    plain.open(c, { patterns: [">"], snapshot: true });
    expect(c.control("error")[0]).toMatchObject({ code: "unavailable" });
    plain.dispose();
  });
});
