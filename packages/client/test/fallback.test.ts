import { afterEach, describe, expect, it } from "bun:test";
import { waitFor } from "./fake-clock.ts";
import { seqs, World } from "./harness.ts";

let world: World;
afterEach(() => world.dispose());

describe("transport choice and fallback", () => {
  it("uses the WebSocket when it works and delivers live events", async () => {
    world = new World();
    const r = world.connect();
    await waitFor(() => r.client.state === "open", "open");
    expect(r.client.transport).toBe("ws");
    expect(r.states[0]).toEqual({ from: "connecting", to: "open", transport: "ws" });
    world.hub.publish();
    world.hub.publish("signal");
    await waitFor(() => r.events.length === 2, "2 events");
    expect(seqs(r.events)).toEqual([1, 2]);
    expect(world.hub.connections.map((c) => c.transport)).toEqual(["ws"]);
    expect(r.client.sessionId).toBe(r.connected[0]?.session_id ?? "missing");
  });

  it("falls back to SSE at once when the WebSocket is refused", async () => {
    world = new World();
    world.hub.wsMode = "refuse";
    const r = world.connect();
    await waitFor(() => r.client.state === "open", "open");
    expect(r.client.transport).toBe("sse");
    expect(world.hub.connections.map((c) => c.transport)).toEqual(["ws", "sse"]);
    // No backoff timer was involved: the fake clock never moved.
    expect(r.errors.map((e) => [e.code, e.transport])).toEqual([["transport_failed", "ws"]]);
    world.hub.publish();
    await waitFor(() => r.events.length === 1, "event over SSE");
  });

  it("falls back to SSE after openTimeoutMs when the WebSocket never says connected", async () => {
    world = new World();
    world.hub.wsMode = "silent";
    const r = world.connect({ openTimeoutMs: 5000 });
    await waitFor(() => world.hub.connections.length === 1, "ws attempt");
    world.clock.advance(4999);
    await Bun.sleep(30);
    expect(world.hub.connections).toHaveLength(1);
    expect(r.client.state).toBe("connecting");
    world.clock.advance(1);
    await waitFor(() => r.client.state === "open", "open on SSE");
    expect(r.client.transport).toBe("sse");
    expect(r.errors.map((e) => e.code)).toEqual(["open_timeout"]);
  });

  it("never opens a WebSocket when SSE is forced", async () => {
    world = new World();
    const r = world.connect({ transports: ["sse"], deadAfterMs: 0 });
    await waitFor(() => r.client.state === "open", "open");
    expect(r.client.transport).toBe("sse");
    world.clock.advance(120_000); // no background WebSocket probe either
    await Bun.sleep(30);
    expect(world.hub.connections.map((c) => c.transport)).toEqual(["sse"]);
  });

  it("rotates to the next hub URL when a whole round fails", async () => {
    world = new World(["http://a.test", "http://b.test"]);
    const [a, b] = world.hubs;
    if (!a || !b) throw new Error("two hubs");
    a.wsMode = "refuse";
    a.sseMode = { status: 503 };
    const r = world.connect({ openTimeoutMs: 0 });
    await waitFor(() => a.connections.length === 2, "both transports tried on a");
    expect(b.connections).toHaveLength(0);
    world.clock.advance(250); // 0.5 * 500: first backoff
    await waitFor(() => r.client.state === "open", "open on b");
    expect(b.connections.map((c) => c.transport)).toEqual(["ws"]);
    expect(r.errors.map((e) => [e.transport, e.status])).toEqual([
      ["ws", 1006],
      ["sse", 503],
    ]);
  });

  it("switches from SSE back to the WebSocket in the background without losing or doubling events", async () => {
    world = new World();
    world.hub.wsMode = "refuse";
    const r = world.connect({ preferredRetryMs: 60_000, deadAfterMs: 0 });
    await waitFor(() => r.client.transport === "sse", "on SSE");
    for (let i = 0; i < 3; i++) world.hub.publish();
    await waitFor(() => r.events.length === 3, "3 events over SSE");

    world.hub.wsMode = "normal";
    world.hub.replayOverlap = 2; // the new stream repeats events SSE already delivered
    world.clock.advance(60_000);
    await waitFor(() => r.client.transport === "ws", "switched to ws");
    const wsConn = world.hub.connections.at(-1);
    expect(wsConn?.transport).toBe("ws");
    expect(wsConn?.lastSeq).toBe("e1:3");
    await waitFor(() => world.hub.live("sse").length === 0, "SSE closed");
    for (let i = 0; i < 2; i++) world.hub.publish();
    await waitFor(() => r.events.length === 5, "5 events");
    await Bun.sleep(30);
    expect(seqs(r.events)).toEqual([1, 2, 3, 4, 5]);
    expect(r.states.at(-1)).toEqual({ from: "open", to: "open", transport: "ws" });
  });

  it("keeps SSE and retries later when the background WebSocket attempt fails", async () => {
    world = new World();
    world.hub.wsMode = "refuse";
    const r = world.connect({ preferredRetryMs: 1000 });
    await waitFor(() => r.client.transport === "sse", "on SSE");
    world.clock.advance(1000);
    await waitFor(() => world.hub.connections.length === 3, "background ws attempt");
    await Bun.sleep(20);
    expect(r.client.transport).toBe("sse");
    expect(r.errors).toHaveLength(1); // only the first, foreground failure is reported
    world.clock.advance(1000);
    await waitFor(() => world.hub.connections.length === 4, "second background attempt");
  });
});
