/** `connectShared({ snapshot: true })`: tabs sharing one connection each start from a desk state. */
import { afterEach, describe, expect, it } from "bun:test";
import type { SnapshotMessage } from "@tickerwire/protocol";
import { EventSource } from "eventsource";
import { connectShared, type SharedHubClient } from "../src/index.ts";
import { waitFor } from "./fake-clock.ts";
import { FakeTabs } from "./fake-tabs.ts";
import { record } from "./harness.ts";
import { TinyHub } from "./tiny-hub.ts";

const hubs: TinyHub[] = [];
const clients: SharedHubClient[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
  for (const h of hubs.splice(0)) h.stop();
});

function tab(tabs: FakeTabs, hub: TinyHub) {
  const { env } = tabs.open();
  const client = connectShared({
    url: hub.url,
    snapshot: true,
    reportIntervalMs: 0,
    backoff: { minMs: 20, maxMs: 100 },
    env: { ...env, EventSource: EventSource as unknown as typeof globalThis.EventSource },
  });
  clients.push(client);
  const r = record(client);
  const snapshots: SnapshotMessage[] = [];
  client.on("snapshot", (m) => snapshots.push(m));
  /** Every seq the tab holds: its latest snapshot's, then the events after it. */
  const held = () => {
    const snap = snapshots.at(-1);
    const after = r.events.filter((e) => e.seq > (snap?.seq ?? 0)).map((e) => e.seq);
    return [...Array.from({ length: snap?.seq ?? 0 }, (_, i) => i + 1), ...after];
  };
  return { ...r, snapshots, held };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe("shared connection in snapshot mode", () => {
  it("a follower starts from the leader's snapshot and both hold every event once", async () => {
    const hub = new TinyHub({ heartbeatMs: 0 });
    hubs.push(hub);
    const tabs = new FakeTabs();
    for (let i = 0; i < 3; i++) hub.publish();
    const a = tab(tabs, hub);
    await waitFor(() => a.client.role === "leader" && a.snapshots.length === 1, "a leads with a snapshot");
    hub.publish();
    const b = tab(tabs, hub);
    await waitFor(() => b.client.role === "follower" && b.snapshots.length === 1, "b has a snapshot");
    for (let i = 0; i < 4; i++) hub.publish();
    await waitFor(() => a.held().length === 8 && b.held().length === 8, "8 held by both", 4000);
    expect(a.held()).toEqual(range(8));
    expect(b.held()).toEqual(range(8));
    // One hub connection: the follower's snapshot came from the leader.
    expect(hub.connections).toHaveLength(1);
  });

  it("a follower the leader cannot serve takes a snapshot from the hub itself, without a gap", async () => {
    const hub = new TinyHub({ heartbeatMs: 0 });
    hubs.push(hub);
    const tabs = new FakeTabs();
    const a = tab(tabs, hub);
    await waitFor(() => a.client.role === "leader" && a.snapshots.length === 1, "a leads");
    // More than the leader's recent buffer holds since its snapshot.
    for (let i = 0; i < 2_500; i++) hub.publish();
    await waitFor(() => a.events.length === 2_500, "a has them all", 4000);
    const b = tab(tabs, hub);
    await waitFor(() => b.snapshots.length === 1, "b has a snapshot", 4000);
    for (let i = 0; i < 5; i++) hub.publish();
    await waitFor(() => b.held().length === 2_505, "b holds everything", 4000);
    expect(b.held()).toEqual(range(2_505));
    expect(hub.connections.at(-1)).toMatchObject({ snapshot: true, lastSeq: null });
  });

  it("when the leader's tab closes, the follower takes over and resumes from its cursor", async () => {
    const hub = new TinyHub({ heartbeatMs: 0 });
    hubs.push(hub);
    const tabs = new FakeTabs();
    hub.publish();
    const a = tab(tabs, hub);
    await waitFor(() => a.client.role === "leader" && a.snapshots.length === 1, "a leads");
    const b = tab(tabs, hub);
    await waitFor(() => b.snapshots.length === 1, "b follows");
    hub.publish();
    await waitFor(() => b.held().length === 2, "b has 2");
    a.client.close();
    await waitFor(() => b.client.role === "leader" && b.client.state === "open", "b leads", 4000);
    hub.publish();
    await waitFor(() => b.held().length === 3, "b has 3", 4000);
    expect(b.held()).toEqual(range(3));
    expect(b.snapshots).toHaveLength(1);
    expect(hub.connections.at(-1)).toMatchObject({ lastSeq: `${hub.epoch}:2`, snapshot: true });
  });
});
