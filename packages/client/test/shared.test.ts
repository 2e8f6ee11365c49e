import { afterEach, beforeEach, describe, expect, it } from "bun:test";
import { CLOSE_CODES } from "@tickerwire/protocol";
import { type ClientOptions, channelName, connectShared, type SharedHubClient } from "../src/index.ts";
import { FOLLOWER_TTL_MS } from "../src/shared/audience.ts";
import { HEARTBEAT_MS } from "../src/shared/follower.ts";
import { tick, waitFor } from "./fake-clock.ts";
import { FakeTabs } from "./fake-tabs.ts";
import { type Recorded, record, seqs, World } from "./harness.ts";

let world: World;
let tabs: FakeTabs;
let opened: SharedHubClient[];

beforeEach(() => {
  tabs = new FakeTabs();
  opened = [];
});
afterEach(() => {
  for (const c of opened) c.close();
  world.dispose();
});

type Tab = Recorded<SharedHubClient> & { tab: number };

/** A browser tab running connectShared against the world's mock hub, on the fake clock. */
function openTab(options: Partial<ClientOptions> = {}): Tab {
  const { tab, env } = tabs.open();
  const client = connectShared({
    url: world.hub.base,
    reportIntervalMs: 0,
    ...options,
    env: { ...world.clock.env(), ...env, ...options.env },
  });
  opened.push(client);
  return { tab, ...record(client) };
}

const allOpen = (...ts: Tab[]) => ts.every((t) => t.client.state === "open");
const wsConnections = () => world.hub.connections.filter((c) => c.transport === "ws");

describe("connectShared: many tabs, one connection", () => {
  it("three tabs share one hub connection, and each sees every event once, in order", async () => {
    world = new World();
    const a = openTab();
    await waitFor(() => a.client.role === "leader" && a.client.state === "open", "a leads");
    const b = openTab();
    const c = openTab();
    await waitFor(() => allOpen(b, c), "followers open");
    expect([a, b, c].map((t) => t.client.role)).toEqual(["leader", "follower", "follower"]);

    for (let i = 0; i < 5; i++) world.hub.publish(i % 2 ? "signal" : "alert");
    await waitFor(() => [a, b, c].every((t) => t.events.length === 5), "5 events everywhere");
    await tick(20);
    for (const t of [a, b, c]) {
      expect(seqs(t.events)).toEqual([1, 2, 3, 4, 5]);
      expect(t.client.lastSeq).toBe(5);
      expect(t.client.transport).toBe("ws");
      expect(t.client.sessionId).toBe(a.client.sessionId);
    }
    expect(world.hub.connections).toHaveLength(1);
    expect(b.states.map((s) => s.to)).toEqual(["open"]);
    expect(b.connected.map((m) => m.session_id)).toEqual([a.client.sessionId ?? "none"]);
  });

  it("three tabs opened at once elect one leader and open one connection", async () => {
    world = new World();
    const [a, b, c] = [openTab(), openTab(), openTab()] as [Tab, Tab, Tab];
    await waitFor(() => allOpen(a, b, c), "all open");
    world.hub.publish();
    await waitFor(() => [a, b, c].every((t) => t.events.length === 1), "event everywhere");
    expect([a, b, c].filter((t) => t.client.role === "leader")).toHaveLength(1);
    expect(world.hub.connections).toHaveLength(1);
  });

  it("followers show the leader's latency", async () => {
    world = new World();
    const a = openTab({ pingIntervalMs: 1000 });
    await waitFor(() => a.client.state === "open", "a open");
    const b = openTab();
    await waitFor(() => b.client.state === "open", "b open");
    for (let i = 0; i < 3; i++) {
      world.clock.advance(1000); // pings, and the leader's periodic view broadcast
      await tick(10);
    }
    await waitFor(() => a.client.latencyMs !== null && b.client.latencyMs === a.client.latencyMs, "same latency");
  });

  it("falls back to a plain connection (role solo) without Web Locks", async () => {
    world = new World();
    // Bun has a BroadcastChannel but no navigator.locks: nothing to elect a leader with.
    const client = connectShared({ url: world.hub.base, env: world.clock.env(), reportIntervalMs: 0 });
    opened.push(client);
    const r = record(client);
    await waitFor(() => client.state === "open", "open");
    expect(client.role).toBe("solo");
    world.hub.publish();
    await waitFor(() => r.events.length === 1, "event");
  });
});

describe.each(["closes", "crashes"] as const)("when the leader's tab %s", (how) => {
  it("another tab takes over, resuming from its own lastSeq: nothing lost, nothing doubled", async () => {
    world = new World();
    world.hub.replayOverlap = 2; // the hub repeats events the new leader has: they must be dropped
    const a = openTab({ deadAfterMs: 0 });
    await waitFor(() => a.client.state === "open", "a open");
    const b = openTab({ deadAfterMs: 0 });
    const c = openTab({ deadAfterMs: 0 });
    await waitFor(() => allOpen(b, c), "followers open");
    for (let i = 0; i < 3; i++) world.hub.publish();
    await waitFor(() => [a, b, c].every((t) => t.events.length === 3), "3 events everywhere");

    if (how === "crashes") tabs.kill(a.tab); // no goodbye; the browser frees its lock
    a.client.close(); // (a crashed tab's socket dies with it)
    world.hub.publish(); // published before the next leader is connected
    world.hub.publish();

    await waitFor(() => [b, c].some((t) => t.client.role === "leader"), "a new leader");
    const [leader, follower] = b.client.role === "leader" ? [b, c] : [c, b];
    await waitFor(() => world.hub.live("ws").length === 1, "the new leader connected");
    expect(wsConnections()[1]?.lastSeq).toBe("e1:3");
    world.hub.publish();
    await waitFor(() => [b, c].every((t) => t.events.length === 6), "6 events in both");
    await tick(20);
    expect(seqs(leader.events)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(seqs(follower.events)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(follower.client.role).toBe("follower");
    expect(world.hub.connections).toHaveLength(2);
    expect(follower.client.state).toBe("open");
    expect(follower.states.map((s) => s.to)).toContain("reconnecting");
  });
});

describe("handover gaps", () => {
  it("a follower that lost the old leader's last messages gets them from the new leader", async () => {
    world = new World();
    const a = openTab({ deadAfterMs: 0 });
    await waitFor(() => a.client.state === "open", "a open");
    const b = openTab({ deadAfterMs: 0 });
    await waitFor(() => b.client.state === "open", "b open");
    const c = openTab({ deadAfterMs: 0 });
    await waitFor(() => c.client.state === "open", "c open");
    world.hub.publish();
    world.hub.publish();
    await waitFor(() => [a, b, c].every((t) => t.events.length === 2), "2 events everywhere");

    tabs.hold(c.tab);
    world.hub.publish(); // seq 3 reaches a and b, while c's copy is in flight...
    await waitFor(() => b.events.length === 3, "b has 3");
    tabs.kill(a.tab);
    a.client.close();
    tabs.drop(c.tab); // ...and is lost with the crashed tab
    await waitFor(() => b.client.role === "leader" || c.client.role === "leader", "new leader");
    // Whoever leads now resumes from its own cursor; the other asks it for the rest.
    world.hub.publish();
    await waitFor(() => [b, c].every((t) => t.events.length === 4), "4 events in both");
    await tick(20);
    expect(seqs(b.events)).toEqual([1, 2, 3, 4]);
    expect(seqs(c.events)).toEqual([1, 2, 3, 4]);
  });
});

describe("joining with a resume cursor", () => {
  it("gets what it missed from the leader's recent events when they reach back far enough", async () => {
    world = new World();
    for (let i = 0; i < 3; i++) world.hub.publish();
    const a = openTab({ resume: { seq: 0 } });
    await waitFor(() => a.events.length === 3, "a replayed history");
    const d = openTab({ resume: { epoch: "e1", seq: 1 } });
    await waitFor(() => d.replayed.length === 1, "d caught up");
    expect(seqs(d.events)).toEqual([2, 3]);
    expect(d.replayed[0]).toMatchObject({ truncated: false, count: 2, from_seq: 1, to_seq: 3, epoch: "e1" });
    expect(world.hub.connections).toHaveLength(1); // no second connection needed
    world.hub.publish();
    await waitFor(() => d.events.length === 3, "live event");
    expect(seqs(d.events)).toEqual([2, 3, 4]);
  });

  it("asks the hub once when the leader's events do not reach back, then follows: once, in order", async () => {
    world = new World();
    for (let i = 0; i < 4; i++) world.hub.publish();
    const a = openTab(); // live start at seq 4: it has nothing older
    await waitFor(() => a.client.state === "open", "a open");
    world.hub.publish();
    await waitFor(() => a.events.length === 1, "a has 5");

    const d = openTab({ resume: { seq: 0 } }); // e.g. a dashboard tab that wants the whole history
    await waitFor(() => d.replayed.length === 1, "d caught up");
    world.hub.publish();
    await waitFor(() => d.events.length === 6, "d has 6");
    await tick(20);
    expect(seqs(d.events)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(seqs(a.events)).toEqual([5, 6]);
    expect(d.client.role).toBe("follower");
    expect(d.replayed[0]?.truncated).toBe(false);
    expect(wsConnections().map((c) => c.lastSeq)).toEqual([null, "0"]); // the catch-up resumed from 0
    await waitFor(() => world.hub.live().length === 1, "the catch-up connection closed");
  });
});

describe("subscriptions", () => {
  it("a tab that changes its subscription moves to another group; the others are untouched", async () => {
    world = new World();
    const a = openTab({ topics: ["system.alert"], deadAfterMs: 0 });
    await waitFor(() => a.client.state === "open", "a open");
    const b = openTab({ topics: ["system.alert"], deadAfterMs: 0 });
    await waitFor(() => b.client.state === "open", "b open");
    world.hub.publish();
    await waitFor(() => b.events.length === 1, "b has 1");

    b.client.subscribe(["strategy.*.signal"]);
    await waitFor(() => b.client.role === "leader" && b.client.state === "open", "b leads its own group");
    const moved = world.hub.live("ws").find((c) => c.topics.includes("strategy.*.signal"));
    expect(moved?.lastSeq).toBe("e1:1");
    world.hub.publish("alert");
    world.hub.publish("signal");
    await waitFor(() => b.events.length === 3 && a.events.length === 2, "events");
    await tick(20);
    expect(seqs(a.events)).toEqual([1, 2]);
    expect(seqs(b.events)).toEqual([1, 2, 3]);
    expect(a.client.role).toBe("leader");
    expect(world.hub.live("ws")).toHaveLength(2);
    expect(channelName([world.hub.base], ["system.alert"], undefined)).not.toBe(
      channelName([world.hub.base], ["system.alert", "strategy.*.signal"], undefined),
    );
  });
  it("a leader that unsubscribes everything leaves its group (idle); the follower takes over", async () => {
    world = new World();
    const a = openTab({ topics: ["system.alert"], deadAfterMs: 0 });
    await waitFor(() => a.client.role === "leader" && a.client.state === "open", "a leads");
    const b = openTab({ topics: ["system.alert"], deadAfterMs: 0 });
    await waitFor(() => b.client.state === "open", "b open");

    a.client.unsubscribe(["system.alert"]);
    expect(a.client.state).toBe("idle");
    await waitFor(() => b.client.role === "leader" && b.client.state === "open", "b leads");
    world.hub.publish();
    await waitFor(() => b.events.length === 1, "b gets the event");
    await tick(20);
    expect(a.events).toHaveLength(0);
    expect(world.hub.live()).toHaveLength(1);

    a.client.subscribe(["trade.>"]);
    await waitFor(() => a.client.state === "open", "a open again, in its new group");
    expect(a.states.map((s) => s.to)).toEqual(["open", "idle", "connecting", "open"]);
  });
});

describe("refusal", () => {
  it("when the hub refuses the subscription for good, every tab of the group closes", async () => {
    world = new World();
    const a = openTab();
    await waitFor(() => a.client.state === "open", "a open");
    const b = openTab();
    await waitFor(() => b.client.state === "open", "b open");
    world.hub.dropAll(CLOSE_CODES.UNAUTHORIZED);
    await waitFor(() => a.client.state === "closed" && b.client.state === "closed", "both closed");
    expect(a.errors.at(-1)).toMatchObject({ code: "rejected", fatal: true });
    expect(b.errors.at(-1)).toMatchObject({ code: "rejected", fatal: true, status: 4001 });
    expect(b.client.role).toBe("follower");
    world.clock.advance(120_000); // the refused leader's lock is released by now
    await tick(20);
    expect(world.hub.connections).toHaveLength(1); // nobody took over to try again
  });
});

describe("relay to the other tabs", () => {
  const postedBy = (t: Tab) => tabs.posted.filter((p) => p.tab === t.tab).map((p) => p.data);
  const relayedSeqs = (data: { kind: string; [k: string]: unknown }) =>
    data.kind === "batch"
      ? (data.items as { kind: string; event?: { seq: number } }[]).flatMap((i) => (i.event ? [i.event.seq] : []))
      : [];
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

  it("posts one message per tick for N events, which followers apply in order", async () => {
    world = new World();
    // The leader's batching timer, run by hand: one tick = one run.
    const ticks: (() => void)[] = [];
    const defer = (fn: () => void) => {
      ticks.push(fn);
      return () => ticks.splice(ticks.indexOf(fn) >>> 0, 1);
    };
    const runTick = () => {
      for (const fn of ticks.splice(0)) fn();
    };
    const a = openTab({ env: { defer } });
    await waitFor(() => a.client.role === "leader" && a.client.state === "open", "a leads");
    const b = openTab();
    const c = openTab();
    await waitFor(() => allOpen(b, c), "followers open");
    runTick();
    await tick(20);
    const before = postedBy(a).length;

    for (let i = 0; i < 50; i++) world.hub.publish();
    await waitFor(() => a.events.length === 50, "the leader has 50");
    await tick(20);
    expect(postedBy(a).length).toBe(before); // nothing posted until the tick
    runTick();
    await waitFor(() => [b, c].every((t) => t.events.length === 50), "50 events in both followers");
    const after = postedBy(a).slice(before);
    expect(after.map((d) => d.kind)).toEqual(["batch"]);
    expect(relayedSeqs(after[0] as { kind: string })).toEqual(range(1, 50));
    for (const t of [b, c]) expect(seqs(t.events)).toEqual(range(1, 50));
  });

  it("posts nothing while no follower is present", async () => {
    world = new World();
    const a = openTab();
    await waitFor(() => a.client.role === "leader" && a.client.state === "open", "a leads");
    for (let i = 0; i < 20; i++) world.hub.publish();
    await waitFor(() => a.events.length === 20, "a has 20");
    world.clock.advance(10_000); // view rebroadcasts would be due
    await tick(40);
    const kinds = postedBy(a).map((d) => d.kind);
    expect(kinds.at(-1)).toBe("leader"); // (before it, its short time as a follower: hello, gone)
    expect(kinds).not.toContain("batch");
  });

  it("a follower joining later gets what the leader did not relay from its recent events, then the rest: once, in order", async () => {
    world = new World();
    const a = openTab();
    await waitFor(() => a.client.state === "open", "a open");
    for (let i = 0; i < 5; i++) world.hub.publish();
    await waitFor(() => a.events.length === 5, "a has 5");
    await tick(40);
    expect(postedBy(a).filter((d) => d.kind === "batch")).toHaveLength(0);

    const b = openTab({ resume: { epoch: "e1", seq: 0 } });
    await waitFor(() => b.replayed.length === 1, "b caught up");
    for (let i = 0; i < 3; i++) world.hub.publish();
    await waitFor(() => b.events.length === 8, "b has 8");
    await tick(40);
    expect(seqs(b.events)).toEqual(range(1, 8));
    expect(postedBy(a).flatMap(relayedSeqs)).toEqual([6, 7, 8]);
    expect(world.hub.connections).toHaveLength(1);
  });

  it("a follower the leader stopped hearing (throttled heartbeats) notices the gap and catches up", async () => {
    world = new World();
    const a = openTab({ deadAfterMs: 0 });
    await waitFor(() => a.client.state === "open", "a open");
    const b = openTab({ deadAfterMs: 0 });
    await waitFor(() => b.client.state === "open", "b open");
    world.hub.publish();
    world.hub.publish();
    await waitFor(() => b.events.length === 2, "b has 2");

    tabs.hold(a.tab); // b's heartbeats never reach the leader...
    world.clock.advance(FOLLOWER_TTL_MS + 1000);
    await tick(20);
    tabs.drop(a.tab);
    for (let i = 0; i < 3; i++) world.hub.publish(); // ...so these are not relayed
    await waitFor(() => a.events.length === 5, "a has 5");
    await tick(40);
    expect(b.events).toHaveLength(2);

    world.clock.advance(HEARTBEAT_MS); // b is heard again
    await tick(20);
    world.hub.publish(); // relayed, but after a jump in positions: b asks again
    await waitFor(() => b.events.length === 6, "b has 6");
    await tick(40);
    expect(seqs(b.events)).toEqual(range(1, 6));
    expect(world.hub.connections).toHaveLength(1);
  });
});
