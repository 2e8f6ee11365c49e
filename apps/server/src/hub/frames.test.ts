import { afterEach, beforeEach, describe, expect, it } from "bun:test";
import { type Bus, createLocalBus } from "@tickerwire/bus";
import { signal, systemAlert, trade } from "../../test/events.ts";
import { FakeBroadcaster, FakeConnection } from "../../test/fake-connection.ts";
import { createHub, type Hub } from "./hub.ts";

let bus: Bus;
let broadcaster: FakeBroadcaster;
let hub: Hub;

beforeEach(() => {
  bus = createLocalBus({ path: ":memory:" });
  broadcaster = new FakeBroadcaster();
  hub = createHub({ bus, broadcaster });
});
afterEach(async () => {
  hub.dispose();
  await bus.close();
});

describe("events frames (batch=1)", () => {
  it("deliver one bus batch as one frame to a batching client, and one message per event to a plain one", async () => {
    const framed = new FakeConnection("ws", broadcaster, true);
    const plain = new FakeConnection("ws", broadcaster);
    hub.open(framed, { patterns: [">"] });
    hub.open(plain, { patterns: [">"] });
    expect(hub.stats().groups).toBe(2); // same subscription, different framing
    await bus.publish([signal(), trade(), systemAlert()]);
    expect(framed.frames).toEqual([3]);
    expect(plain.frames).toEqual([]);
    expect(framed.seqs()).toEqual([1, 2, 3]);
    expect(plain.seqs()).toEqual([1, 2, 3]);
    expect(hub.counters.delivered.ws).toBe(6); // events, not messages
  });

  it("frame only what matches the group, and send a lone match as a plain message", async () => {
    const trades = new FakeConnection("ws", broadcaster, true);
    hub.open(trades, { patterns: ["trade.>"] });
    await bus.publish([signal(), trade(), systemAlert()]);
    await bus.publish([trade(), trade(), signal()]);
    expect(trades.seqs()).toEqual([2, 4, 5]);
    expect(trades.frames).toEqual([2]); // seq 2 came alone, 4 and 5 in one frame
  });

  it("keep order and exactly-once across frames, also for a client that changes its subscription", async () => {
    const c = new FakeConnection("ws", broadcaster, true);
    const s = hub.open(c, { patterns: ["strategy.*.signal"] });
    await bus.publish([signal(), signal()]);
    hub.handle(s, { type: "subscribe", topics: ["trade.>"] });
    await bus.publish([trade(), signal(), trade()]);
    expect(c.seqs()).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(c.seqs()).size).toBe(5);
  });
});
