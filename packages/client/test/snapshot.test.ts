/** `connect({ snapshot: true })` against a tiny real hub, on both transports. */
import { afterEach, describe, expect, it } from "bun:test";
import type { SnapshotMessage } from "@tickerwire/protocol";
import { EventSource } from "eventsource";
import { connect, type HubClient } from "../src/index.ts";
import { waitFor } from "./fake-clock.ts";
import { record, seqs } from "./harness.ts";
import { TinyHub } from "./tiny-hub.ts";

const hubs: TinyHub[] = [];
const clients: HubClient[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
  for (const h of hubs.splice(0)) h.stop();
});

function startHub(options: ConstructorParameters<typeof TinyHub>[0] = {}): TinyHub {
  const hub = new TinyHub({ heartbeatMs: 0, ...options });
  hubs.push(hub);
  return hub;
}

function client(options: Parameters<typeof connect>[0]) {
  const c = connect({
    backoff: { minMs: 20, maxMs: 100 },
    snapshot: true,
    ...options,
    env: { EventSource: EventSource as unknown as typeof globalThis.EventSource, ...options.env },
  });
  clients.push(c);
  const r = record(c);
  const snapshots: SnapshotMessage[] = [];
  c.on("snapshot", (m) => snapshots.push(m));
  return { ...r, snapshots };
}

describe.each(["ws", "sse"] as const)("snapshot mode over %s", (transport) => {
  it("starts from the desk state at S, then delivers every later event once", async () => {
    const hub = startHub();
    for (let i = 0; i < 5; i++) hub.publish();
    const r = client({ url: hub.url, transports: [transport] });
    await waitFor(() => r.snapshots.length === 1, "snapshot");
    expect(r.snapshots[0]?.seq).toBe(5);
    expect(r.snapshots[0]?.state.counts.events).toBe(5);
    expect(r.client.lastSeq).toBe(5);
    expect(hub.connections[0]).toMatchObject({ transport, snapshot: true, lastSeq: null });
    hub.publish();
    hub.publish();
    await waitFor(() => r.events.length === 2, "2 events");
    expect(seqs(r.events)).toEqual([6, 7]);
    expect(r.replayed).toEqual([]);
  });

  it("after a drop, resumes from its cursor with events only while the hub still has them", async () => {
    const first = startHub();
    first.publish();
    const r = client({ url: first.url, transports: [transport] });
    await waitFor(() => r.snapshots.length === 1, "snapshot");
    first.publish();
    await waitFor(() => r.events.length === 1, "1 event");
    const port = first.server.port as number;
    first.stop();
    await waitFor(() => r.client.state === "reconnecting", "reconnecting");
    const second = startHub({ port, history: first.history });
    second.publish();
    await waitFor(() => r.replayed.length === 1, "replayed", 4000);
    expect(r.snapshots).toHaveLength(1);
    expect(second.connections[0]).toMatchObject({ lastSeq: `${first.epoch}:2`, snapshot: true });
    second.publish();
    await waitFor(() => r.events.length === 3, "3 events");
    expect(seqs(r.events)).toEqual([2, 3, 4]);
  });

  it("gets a fresh snapshot when the hub can no longer replay from its cursor", async () => {
    const first = startHub();
    first.publish();
    const r = client({ url: first.url, transports: [transport] });
    await waitFor(() => r.snapshots.length === 1, "snapshot");
    const port = first.server.port as number;
    first.stop();
    await waitFor(() => r.client.state === "reconnecting", "reconnecting");
    const second = startHub({ port, history: first.history, keepsFrom: 10 });
    for (let i = 0; i < 12; i++) second.publish();
    await waitFor(() => r.snapshots.length === 2, "second snapshot", 4000);
    expect(r.snapshots[1]?.seq).toBe(13);
    expect(r.replayed.at(-1)).toMatchObject({ truncated: false });
    expect(r.events).toEqual([]);
    second.publish();
    await waitFor(() => r.events.length === 1, "1 event");
    expect(seqs(r.events)).toEqual([14]);
  });

  it("a change of filter reopens live with snapshot=1 and brings a fresh snapshot", async () => {
    const hub = startHub();
    hub.publish();
    const r = client({ url: hub.url, transports: [transport] });
    await waitFor(() => r.snapshots.length === 1, "snapshot");
    r.client.setFilter({ types: ["alert"] });
    await waitFor(() => r.snapshots.length === 2, "second snapshot");
    const last = hub.connections.at(-1);
    expect(last).toMatchObject({ lastSeq: null, snapshot: true });
  });
});
