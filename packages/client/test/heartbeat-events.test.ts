import { afterEach, describe, expect, it } from "bun:test";
import { alertEvent } from "./events.ts";
import { tick, waitFor } from "./fake-clock.ts";
import { World } from "./harness.ts";
import { nativeEventSource } from "./native-event-source.ts";

let world: World;
afterEach(() => world.dispose());

const iso = (ms: number) => new Date(ms).toISOString();

describe("SSE heartbeat events with a browser-like EventSource (comments invisible)", () => {
  it("keep a quiet stream alive past deadAfterMs, and silence after them is a dead connection", async () => {
    world = new World();
    const r = world.connect({ transports: ["sse"], deadAfterMs: 3000, env: { EventSource: nativeEventSource } });
    await waitFor(() => r.client.state === "open", "open");
    for (let i = 0; i < 4; i++) {
      world.hub.heartbeat();
      await tick(5);
      world.clock.advance(2000); // 8 s without a single event
    }
    expect(r.client.state).toBe("open");
    expect(r.errors).toEqual([]);
    world.clock.advance(1000); // 3 s since the last heartbeat
    expect(r.errors.map((e) => e.code)).toEqual(["dead_connection"]);
    expect(r.client.state).toBe("reconnecting");
    world.clock.advance(250);
    await waitFor(() => r.client.state === "open", "reconnected");
    expect(world.hub.connections.map((c) => c.transport)).toEqual(["sse", "sse"]);
  });

  it("never declares a stream dead when the hub sends no heartbeat events (an older hub)", async () => {
    world = new World();
    const r = world.connect({ transports: ["sse"], deadAfterMs: 3000, env: { EventSource: nativeEventSource } });
    await waitFor(() => r.client.state === "open", "open");
    world.clock.advance(60_000);
    await tick(5);
    expect(r.client.state).toBe("open");
    expect(r.errors).toEqual([]);
  });

  it("refresh the hub's clock offset, so event latency stays right", async () => {
    world = new World();
    const r = world.connect({ transports: ["sse"], env: { EventSource: nativeEventSource } });
    await waitFor(() => r.client.state === "open", "open");
    const conn = world.hub.live("sse")[0];
    // A heartbeat shows the hub's clock is 500 ms ahead of what `connected` suggested...
    conn?.send({ type: "heartbeat", server_time: iso(world.clock.now() + 500), current_seq: 0 });
    await tick(5);
    // ...then an event stamped in the hub's clock is read 120 ms later: 120 ms, not 0.
    conn?.send(alertEvent(1, iso(world.clock.now() + 500)));
    world.clock.advance(120);
    await waitFor(() => r.events.length === 1, "event");
    expect(r.client.latencyMs).toBe(120);
    expect(r.errors).toEqual([]);
  });
});
