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
  hub = createHub({ bus, broadcaster, newId: () => "sess" });
});
afterEach(async () => {
  hub.dispose();
  await bus.close();
});

const ws = () => new FakeConnection("ws", broadcaster);
const sse = () => new FakeConnection("sse");

describe("connect", () => {
  it("sends `connected` first with the session, epoch, current seq, topics and transport", async () => {
    await bus.publish([signal()]);
    const c = ws();
    hub.open(c, { patterns: ["strategy.*.signal"], filter: { min_confidence: 0.5 } });
    expect(c.received[0]).toMatchObject({
      type: "connected",
      session_id: "sess",
      epoch: bus.epoch,
      current_seq: 1,
      topics: ["strategy.*.signal"],
      filter: { min_confidence: 0.5 },
      transport: "ws",
    });
    expect(c.control("replayed")).toHaveLength(0);
  });
});

describe("fan-out groups", () => {
  it("puts connections with the same patterns and filter in one group and publishes once per group", async () => {
    const a = ws();
    const b = ws();
    const c = ws();
    hub.open(a, { patterns: ["trade.>", "strategy.*.signal"] });
    hub.open(b, { patterns: ["strategy.*.signal", "trade.>"] }); // same set, other order
    hub.open(c, { patterns: ["trade.>"] });
    expect(hub.stats().groups).toBe(2);
    await bus.publish([trade()]);
    expect(broadcaster.publishes).toBe(2); // one per matching group, not per client
    for (const conn of [a, b, c]) expect(conn.seqs()).toEqual([1]);
    expect(hub.counters.delivered.ws).toBe(3);
  });

  it("keeps different filters in different groups and delivers only what passes each filter", async () => {
    const strong = ws();
    const all = ws();
    hub.open(strong, { patterns: [">"], filter: { min_confidence: 0.8 } });
    hub.open(all, { patterns: [">"] });
    expect(hub.stats().groups).toBe(2);
    await bus.publish([signal("RSI_Oversold", 0.5), signal("RSI_Oversold", 0.9)]);
    expect(strong.seqs()).toEqual([2]);
    expect(all.seqs()).toEqual([1, 2]);
  });

  it("deletes a group when its last member leaves", () => {
    const a = ws();
    const b = sse();
    const sa = hub.open(a, { patterns: ["trade.>"] });
    const sb = hub.open(b, { patterns: ["trade.>"] });
    expect(hub.stats().groups).toBe(1);
    hub.forget(sa);
    expect(hub.stats().groups).toBe(1);
    hub.forget(sb);
    expect(hub.stats().groups).toBe(0);
    expect(hub.stats().clients).toEqual({ ws: 0, sse: 0 });
  });

  it("delivers to direct (SSE-style) and topic (WebSocket-style) members of one group alike", async () => {
    const a = ws();
    const b = sse();
    hub.open(a, { patterns: ["system.alert"] });
    hub.open(b, { patterns: ["system.alert"] });
    await bus.publish([systemAlert(), trade()]);
    expect(a.seqs()).toEqual([1]);
    expect(b.seqs()).toEqual([1]);
    expect(hub.counters.delivered).toEqual({ ws: 1, sse: 1 });
  });

  it("reports subscribers per pattern and clients per transport", () => {
    hub.open(ws(), { patterns: ["trade.>", "system.alert"] });
    hub.open(sse(), { patterns: ["trade.>"] });
    expect(hub.stats().subscribers).toEqual({ "trade.>": 2, "system.alert": 1 });
    expect(hub.stats().clients).toEqual({ ws: 1, sse: 1 });
  });
});

describe("client messages", () => {
  it("subscribe adds patterns, replaces the filter and answers `subscribed`", async () => {
    const c = ws();
    const s = hub.open(c, { patterns: ["trade.>"] });
    hub.handle(s, { type: "subscribe", topics: ["strategy.*.signal"], filter: { strategies: ["MACD_Divergence"] } });
    expect(c.control("subscribed")[0]).toEqual({
      type: "subscribed",
      topics: ["trade.>", "strategy.*.signal"],
      filter: { strategies: ["MACD_Divergence"] },
    });
    await bus.publish([signal("RSI_Oversold"), signal("MACD_Divergence"), trade("t", "MACD_Divergence")]);
    expect(c.seqs()).toEqual([2, 3]);
  });

  it("unsubscribe removes patterns and answers with what remains; with none left nothing arrives", async () => {
    const c = ws();
    const s = hub.open(c, { patterns: ["trade.>", "system.alert"] });
    hub.handle(s, { type: "unsubscribe", topics: ["trade.>"] });
    expect(c.control("subscribed")[0]?.topics).toEqual(["system.alert"]);
    hub.handle(s, { type: "unsubscribe", topics: ["system.alert"] });
    expect(c.control("subscribed")[1]?.topics).toEqual([]);
    await bus.publish([trade(), systemAlert()]);
    expect(c.events()).toHaveLength(0);
    expect(hub.stats().groups).toBe(0);
  });

  it("refuses more than 100 patterns with too_many_subscriptions", () => {
    const c = ws();
    const s = hub.open(c, { patterns: ["trade.>"] });
    const topics = Array.from({ length: 100 }, (_, i) => `market.S${i}.1m`);
    hub.handle(s, { type: "subscribe", topics });
    expect(c.control("error")[0]?.code).toBe("too_many_subscriptions");
    expect(c.control("subscribed")).toHaveLength(0);
  });

  it("answers ping with pong echoing t", () => {
    const c = ws();
    const s = hub.open(c, { patterns: [">"] });
    hub.handle(s, { type: "ping", t: 1234.5 });
    expect(c.control("pong")[0]).toMatchObject({ type: "pong", t: 1234.5 });
  });

  it("hands a `report` to onReport and answers nothing", () => {
    const reports: unknown[] = [];
    const h = createHub({ bus, broadcaster, onReport: (r) => reports.push(r) });
    const c = ws();
    const s = h.open(c, { patterns: [">"] });
    const report = {
      type: "report",
      latency_ms: { p50: 5, p99: 40, max: 90, count: 100 },
      lag_events: 0,
      transport: "ws",
    } as const;
    h.handle(s, report);
    h.dispose();
    expect(reports).toEqual([report]);
    expect(c.received.map((m) => m.type)).toEqual(["connected"]);
  });

  it("stops delivering to a closed session", async () => {
    const c = sse();
    const s = hub.open(c, { patterns: [">"] });
    hub.forget(s, { slow: true });
    await bus.publish([trade()]);
    expect(c.events()).toHaveLength(0);
    expect(hub.counters.slowDisconnects.sse).toBe(1);
  });
});

describe("resume", () => {
  it("replays exactly the events after the cursor, then `replayed`, then live events", async () => {
    for (let i = 0; i < 5; i++) await bus.publish([trade(`t${i}`)]);
    const c = ws();
    hub.open(c, { patterns: ["trade.>"], resume: { seq: 2, epoch: bus.epoch } });
    await hub.idle();
    await bus.publish([trade("live")]);
    expect(c.seqs()).toEqual([3, 4, 5, 6]);
    const types = c.received.map((m) => m.type);
    expect(types).toEqual(["connected", "trade", "trade", "trade", "replayed", "trade"]);
    expect(c.control("replayed")[0]).toEqual({
      type: "replayed",
      count: 3,
      truncated: false,
      from_seq: 2,
      to_seq: 5,
      epoch: bus.epoch,
    });
  });

  it("replays only events matching the patterns and filter", async () => {
    await bus.publish([signal("RSI_Oversold", 0.9), trade(), signal("Volume_Spike", 0.9), signal("RSI_Oversold", 0.1)]);
    const c = sse();
    hub.open(c, {
      patterns: ["strategy.*.signal"],
      filter: { strategies: ["RSI_Oversold"], min_confidence: 0.5 },
      resume: { seq: 0 },
    });
    await hub.idle();
    expect(c.seqs()).toEqual([1]);
    expect(c.control("replayed")[0]).toMatchObject({ count: 1, truncated: false });
  });

  it("starts over and says truncated for a cursor from another epoch", async () => {
    await bus.publish([trade("a"), trade("b")]);
    const c = ws();
    hub.open(c, { patterns: [">"], resume: { seq: 1, epoch: "otherEpoch" } });
    await hub.idle();
    expect(c.seqs()).toEqual([1, 2]);
    expect(c.control("replayed")[0]).toMatchObject({ count: 2, truncated: true });
  });

  it("caps one replay at replayMaxEvents, keeping the newest, and says truncated", async () => {
    const capped = createHub({ bus, broadcaster, replayMaxEvents: 3 });
    await bus.publish(Array.from({ length: 10 }, (_, i) => trade(`t${i}`)));
    const c = ws();
    capped.open(c, { patterns: [">"], resume: { seq: 0 } });
    await capped.idle();
    capped.dispose();
    expect(c.seqs()).toEqual([8, 9, 10]);
    expect(c.control("replayed")[0]).toMatchObject({ count: 3, truncated: true });
  });

  it("a `resume` message on a live connection replays after its cursor without duplicating live events", async () => {
    const c = ws();
    const s = hub.open(c, { patterns: [">"] });
    await bus.publish([trade("a"), trade("b"), trade("c")]);
    hub.handle(s, { type: "resume", last_seq: 1 });
    await hub.idle();
    await bus.publish([trade("d")]);
    expect(c.seqs()).toEqual([1, 2, 3, 2, 3, 4]);
    expect(c.control("replayed")[0]).toMatchObject({ count: 2, from_seq: 1, to_seq: 3 });
  });

  it("drops a replaying client that does not drain its buffer, as lagged and slow", async () => {
    const slowHub = createHub({ bus, broadcaster, drainTimeoutMs: 30, replayPageSize: 10 });
    await bus.publish(Array.from({ length: 50 }, (_, i) => trade(`t${i}`)));
    const c = ws();
    c.bufferLimit = 1000;
    c.stuckBytes = 900;
    slowHub.open(c, { patterns: [">"], resume: { seq: 0 } });
    await slowHub.idle();
    slowHub.dispose();
    expect(c.closedWith?.code).toBe(4009);
    expect(c.control("error")[0]?.code).toBe("lagged");
    expect(slowHub.counters.slowDisconnects.ws).toBe(1);
  });

  it("waits for a slow client to drain during replay, then completes", async () => {
    const paced = createHub({ bus, broadcaster, replayPageSize: 5 });
    await bus.publish(Array.from({ length: 20 }, (_, i) => trade(`t${i}`)));
    const c = ws();
    c.bufferLimit = 100;
    c.stuckBytes = 90;
    paced.open(c, { patterns: [">"], resume: { seq: 0 } });
    await Bun.sleep(5);
    expect(c.control("replayed")).toHaveLength(0);
    c.drain();
    await paced.idle();
    paced.dispose();
    expect(c.seqs()).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(c.control("replayed")).toHaveLength(1);
  });
});
