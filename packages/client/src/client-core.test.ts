import { describe, expect, it } from "bun:test";
import { alertEvent, connectedMessage } from "../test/events.ts";
import { ClientCore, type CoreAccess, type Driver } from "./client-core.ts";
import { ClientCursor } from "./cursor.ts";
import { ClientError } from "./errors.ts";
import type { StateChange } from "./types.ts";

const T = "2026-01-19T10:30:00.000Z";

/** A driver that records what the core asks of it and hands out the core's access. */
class FakeDriver implements Driver {
  readonly role = "solo";
  latencyMs: number | null = 12;
  calls: string[] = [];
  constructor(readonly core: CoreAccess<ClientCursor>) {}
  start() {
    this.calls.push("start");
  }
  subscriptionChanged() {
    this.calls.push(`changed ${this.core.subscription().topics.join(",")}`);
  }
  stop() {
    this.calls.push("stop");
  }
}

function setup(o: { snapshot?: boolean; problems?: ClientError[]; topics?: string[] } = {}) {
  let driver: FakeDriver | undefined;
  let now = 1000;
  const client = new ClientCore(
    {
      topics: o.topics ?? ["system.alert"],
      filter: undefined,
      snapshot: o.snapshot ?? false,
      cursor: new ClientCursor({ epoch: "e1", seq: 5 }, {}),
      log: {},
      now: () => now,
      problems: o.problems ?? [],
    },
    (core) => {
      driver = new FakeDriver(core);
      return driver;
    },
  );
  const seen = { errors: [] as string[], states: [] as StateChange[], events: [] as number[] };
  client.on("error", (e) => seen.errors.push(e.code));
  client.on("state", (s) => seen.states.push(s));
  client.on("event", (e) => seen.events.push(e.seq));
  return { client, driver: driver as FakeDriver, seen, tick: (ms: number) => (now += ms) };
}

describe("the client core", () => {
  it("reports option problems, then starts its driver, on the next microtask", async () => {
    const { driver, seen } = setup({ problems: [new ClientError("invalid_argument", "bad pattern")] });
    expect(driver.calls).toEqual([]);
    await Promise.resolve();
    expect(seen.errors).toEqual(["invalid_argument"]);
    expect(driver.calls).toEqual(["start"]);
  });

  it("applies subscription changes once, reports invalid input, and tells the driver only of real changes", async () => {
    const { client, driver, seen } = setup();
    await Promise.resolve();
    client.subscribe(["system.alert"]); // already there: nothing changes
    client.subscribe(["trade.>", "not..valid"]);
    client.setFilter({ min_confidence: 2 } as never);
    client.unsubscribe(["system.alert"]);
    expect(driver.calls).toEqual(["start", "changed system.alert,trade.>", "changed trade.>"]);
    expect(seen.errors).toEqual(["invalid_argument", "invalid_argument"]);
    expect(client.lastSeq).toBe(5); // a plain client keeps its cursor across changes
  });

  it("in snapshot mode, a subscription change forgets the cursor (the new view needs a fresh snapshot)", () => {
    const { client } = setup({ snapshot: true });
    client.subscribe(["trade.>"]);
    expect(client.lastSeq).toBe(0);
    expect(client.epoch).toBeNull();
  });

  it("delivers each event once, in seq order, and stamps the time of the last one", () => {
    const { client, driver, seen, tick } = setup();
    tick(500);
    expect([4, 6, 6, 7].map((s) => driver.core.deliver(alertEvent(s, T)))).toEqual([false, true, false, true]);
    expect(seen.events).toEqual([6, 7]);
    expect(client.lastSeq).toBe(7);
    expect(client.lastEventAt).toBe(1500);
  });

  it("shows the session of the connection it announces, and the driver's latency", () => {
    const { client, driver } = setup();
    const m = connectedMessage({
      epoch: "e1",
      currentSeq: 9,
      topics: [">"],
      serverTime: T,
      transport: "ws",
      sessionId: "s1",
    });
    const connected: string[] = [];
    client.on("connected", (c) => connected.push(c.session_id));
    driver.core.announce(m);
    expect(client.sessionId).toBe("s1");
    expect(connected).toEqual(["s1"]);
    expect(client.latencyMs).toBe(12);
  });

  it("close() stops the driver once, says closed, ends iterators and delivers nothing after", async () => {
    const { client, driver, seen } = setup();
    const iterated: number[] = [];
    const done = (async () => {
      for await (const e of client) iterated.push(e.seq);
    })();
    driver.core.deliver(alertEvent(6, T));
    client.close();
    client.close();
    await done;
    expect(iterated).toEqual([6]);
    expect(driver.calls.filter((c) => c === "stop")).toHaveLength(1);
    expect(seen.states.map((s) => s.to)).toEqual(["closed"]);
    expect(driver.core.deliver(alertEvent(8, T))).toBe(false);
    client.subscribe(["trade.>"]);
    await Promise.resolve();
    expect(driver.calls).toEqual(["stop"]); // closed before its start: never started, never changed
  });
});
