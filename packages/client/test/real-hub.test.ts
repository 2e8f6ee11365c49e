/** Integration: the SDK against a tiny real Bun.serve hub (real sockets, real timers, real EventSource). */
import { afterEach, describe, expect, it } from "bun:test";
import { EventSource } from "eventsource";
import { connect, type HubClient } from "../src/index.ts";
import { waitFor } from "./fake-clock.ts";
import { record, seqs } from "./harness.ts";
import { nativeEventSource } from "./native-event-source.ts";
import { closedPort, TinyHub } from "./tiny-hub.ts";

const hubs: TinyHub[] = [];
const clients: HubClient[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
  for (const h of hubs.splice(0)) h.stop();
});

function startHub(options: ConstructorParameters<typeof TinyHub>[0] = {}): TinyHub {
  const hub = new TinyHub(options);
  hubs.push(hub);
  return hub;
}

function client(options: Parameters<typeof connect>[0]) {
  const c = connect({
    backoff: { minMs: 20, maxMs: 100 },
    ...options,
    env: { EventSource: EventSource as unknown as typeof globalThis.EventSource, ...options.env },
  });
  clients.push(c);
  return record(c);
}

describe("against a real Bun.serve hub", () => {
  it("resumes across a hub restart on the same port: nothing lost, nothing doubled", async () => {
    const first = startHub({ heartbeatMs: 0 });
    const r = client({ url: first.url });
    await waitFor(() => r.client.state === "open", "open");
    expect(r.client.transport).toBe("ws");
    for (let i = 0; i < 3; i++) first.publish();
    await waitFor(() => r.events.length === 3, "3 events");

    const port = first.server.port as number;
    first.stop();
    await waitFor(() => r.client.state === "reconnecting", "reconnecting");
    const second = startHub({ port, history: first.history, heartbeatMs: 0 });
    second.publish(); // published while the client was away
    second.publish();
    await waitFor(() => r.replayed.length === 1, "replayed", 4000);
    second.publish();
    await waitFor(() => r.events.length === 6, "6 events");
    await Bun.sleep(30);
    expect(seqs(r.events)).toEqual([1, 2, 3, 4, 5, 6]);
    // The first transport to reach the restarted hub resumed from our cursor (WS, or SSE when the
    // WS attempt raced the restart and lost: a legitimate fallback).
    expect(second.connections[0]?.lastSeq).toBe("tiny1:3");
    expect(r.replayed[0]).toMatchObject({ truncated: false });
  });

  it("falls back to SSE when the upgrade is refused, and heartbeats keep the stream alive past deadAfterMs", async () => {
    // The hub shares this process's event loop: deadAfterMs is 10 heartbeats, so a stall of a few
    // hundred ms on a busy box raises no false dead_connection.
    const hub = startHub({ refuseWebSocket: true, heartbeatMs: 100 });
    const r = client({ url: hub.url, deadAfterMs: 1000 });
    await waitFor(() => r.client.state === "open", "open");
    expect(r.client.transport).toBe("sse");
    await Bun.sleep(2500); // 2.5 times deadAfterMs, with no event at all
    expect(r.errors.map((e) => e.code)).toEqual(["transport_failed"]); // the refused upgrade only
    expect(hub.connections.map((c) => c.transport)).toEqual(["ws", "sse"]);
    hub.publish();
    await waitFor(() => r.events.length === 1, "event over SSE");
    expect(r.client.latencyMs).not.toBeNull();
  }, 15_000);

  it("detects an SSE stream that went silent and reconnects it with the cursor", async () => {
    const hub = startHub({ heartbeatMs: 0 });
    const r = client({ url: hub.url, transports: ["sse"], deadAfterMs: 300 });
    await waitFor(() => r.client.state === "open", "open");
    hub.publish();
    await waitFor(() => r.events.length === 1, "event");
    await waitFor(() => r.errors.some((e) => e.code === "dead_connection"), "dead", 3000);
    await waitFor(() => hub.connections.length >= 2, "reconnected", 3000);
    expect(hub.connections[1]).toEqual({ transport: "sse", lastSeq: "tiny1:1", snapshot: false });
  });

  it("with a browser-like EventSource, heartbeat events keep SSE alive; comment-only keep-alive raises no false alarm", async () => {
    // deadAfterMs is 10 heartbeats: the hub shares this process's event loop (see above).
    const hub = startHub({ heartbeatMs: 100, heartbeatAs: "event" });
    const r = client({ url: hub.url, transports: ["sse"], deadAfterMs: 1000, env: { EventSource: nativeEventSource } });
    await waitFor(() => r.client.state === "open", "open");
    await Bun.sleep(2500); // 2.5 × deadAfterMs without an event
    expect(r.errors).toEqual([]);
    expect(hub.connections).toHaveLength(1);

    const mute = startHub({ heartbeatMs: 100, heartbeatAs: "comment" }); // invisible to this EventSource
    const m = client({
      url: mute.url,
      transports: ["sse"],
      deadAfterMs: 1000,
      env: { EventSource: nativeEventSource },
    });
    await waitFor(() => m.client.state === "open", "open");
    await Bun.sleep(2500);
    expect(m.errors).toEqual([]); // no heartbeat event ever seen: no false alarm either
  }, 15_000);

  it("fails over from a URL nobody listens on to the next one", async () => {
    const hub = startHub();
    const r = client({ url: [`http://127.0.0.1:${closedPort()}`, hub.url] });
    await waitFor(() => r.client.state === "open", "open", 4000);
    expect(r.client.transport).toBe("ws");
    expect(r.errors.map((e) => e.transport)).toEqual(["ws", "sse"]);
  });
});
