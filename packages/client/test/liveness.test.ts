import { afterEach, describe, expect, it } from "bun:test";
import { CLOSE_CODES } from "@tickerwire/protocol";
import { tick, waitFor } from "./fake-clock.ts";
import { World } from "./harness.ts";

let world: World;
afterEach(() => world.dispose());

describe("dead-connection detection", () => {
  it("declares a WebSocket whose pings go unanswered dead, and reconnects with the cursor", async () => {
    world = new World();
    world.hub.answerPings = false;
    const r = world.connect({ deadAfterMs: 3000, pingIntervalMs: 1000, openTimeoutMs: 0 });
    await waitFor(() => r.client.state === "open", "open");
    world.hub.publish();
    await waitFor(() => r.events.length === 1, "event");
    for (let i = 0; i < 3; i++) {
      world.clock.advance(1000);
      await tick(5);
    }
    expect(r.errors.map((e) => e.code)).toEqual(["dead_connection"]);
    expect(r.client.state).toBe("reconnecting");
    expect(world.hub.connections[0]?.received.filter((m) => m.type === "ping").length).toBeGreaterThanOrEqual(3);
    world.clock.advance(250);
    await waitFor(() => r.client.state === "open", "reconnected");
    expect(world.hub.connections[1]?.lastSeq).toBe("e1:1");
  });

  it("stays open while pongs come back, and measures latency as half the round trip", async () => {
    world = new World();
    const r = world.connect({ deadAfterMs: 3000, pingIntervalMs: 1000 });
    await waitFor(() => r.client.state === "open", "open");
    // Each ping's pong is read (msw answers asynchronously) after the clock moved 40 ms on.
    world.clock.advance(40);
    await tick(5);
    for (let i = 0; i < 10; i++) {
      world.clock.advance(1000);
      await tick(5);
    }
    expect(r.client.state).toBe("open");
    expect(r.errors).toEqual([]);
    // Smoothed toward 20 ms (= 40 / 2); the very first pong may have been read before the clock moved.
    expect(r.client.latencyMs).toBeGreaterThan(17);
    expect(r.client.latencyMs).toBeLessThanOrEqual(20);
  });

  it("declares a silent SSE stream dead (the eventsource package lets us see heartbeats), and reconnects", async () => {
    world = new World();
    const r = world.connect({ transports: ["sse"], deadAfterMs: 3000 });
    await waitFor(() => r.client.state === "open", "open");
    world.clock.advance(2999);
    await tick(5);
    expect(r.client.state).toBe("open");
    world.clock.advance(1);
    expect(r.errors.map((e) => e.code)).toEqual(["dead_connection"]);
    world.clock.advance(250);
    await waitFor(() => r.client.state === "open", "reconnected");
    expect(world.hub.connections.map((c) => c.transport)).toEqual(["sse", "sse"]);
  });

  it("estimates SSE latency from event timestamps and the clock offset learned at connect", async () => {
    world = new World();
    const r = world.connect({ transports: ["sse"] });
    await waitFor(() => r.client.state === "open", "open");
    world.hub.publish(); // stamped now, in the hub's clock
    world.clock.advance(120); // read 120 ms later
    await waitFor(() => r.events.length === 1, "event");
    expect(r.client.latencyMs).toBe(120);
    expect(r.client.lastEventAt).toBe(world.clock.now());
  });
});

describe("backoff", () => {
  it("waits a full-jitter delay between failed rounds, growing with the attempts and the time away, up to maxMs", async () => {
    world = new World();
    world.hub.wsMode = "refuse";
    world.hub.sseMode = { status: 503 };
    const r = world.connect({ openTimeoutMs: 0, backoff: { minMs: 500, maxMs: 4000, factor: 2 } });
    // random() = 0.5 × min(4000, 500 × 2^n, max(500, time away so far)): the time away (the sum
    // of the waits) is what bounds the first ones here, since refusals take no time.
    const expected = [250, 250, 250, 375, 562, 843, 1265, 1897, 2000, 2000];
    for (const [i, delay] of expected.entries()) {
      await waitFor(() => world.clock.delays.length === i + 1, `retry ${i + 1}`);
      expect(world.clock.delays[i]).toBe(delay);
      expect(world.hub.connections).toHaveLength(2 * (i + 1)); // each round tried ws, then sse
      world.clock.advance(delay);
    }
    expect(r.client.state).toBe("connecting");
  });

  it("spreads delays with random(): 0 retries at once, near 1 waits almost the whole ceiling", async () => {
    world = new World();
    world.hub.wsMode = "refuse";
    world.hub.sseMode = { status: 503 };
    const randoms = [0, 0.999];
    world.connect({ openTimeoutMs: 0 }, () => randoms.shift() ?? 0.5);
    await waitFor(() => world.clock.delays.length === 1, "first retry");
    expect(world.clock.delays[0]).toBe(0);
    world.clock.advance(0);
    await waitFor(() => world.clock.delays.length === 2, "second retry");
    expect(world.clock.delays[1]).toBe(499); // 0.999 × 500: away for 0 ms so far, the ceiling is minMs
  });

  it("restarts from minMs after a connection that stayed up resetAfterMs, but keeps growing while flapping", async () => {
    world = new World();
    const r = world.connect({ openTimeoutMs: 0, deadAfterMs: 0, pingIntervalMs: 0, backoff: { resetAfterMs: 10_000 } });
    await waitFor(() => r.client.state === "open", "open");
    const dropAndReconnect = async (expectedDelay: number) => {
      const n = world.clock.delays.length;
      world.hub.dropAll(CLOSE_CODES.GOING_AWAY);
      await waitFor(() => world.clock.delays.length === n + 1, "retry scheduled");
      expect(world.clock.delays[n]).toBe(expectedDelay);
      world.clock.advance(expectedDelay);
      await waitFor(() => r.client.state === "open", "open again");
    };
    // Flapping (each drop right after connecting) counts as one time away: the ceiling grows.
    for (const delay of [250, 250, 250, 375, 562, 843]) await dropAndReconnect(delay);
    world.clock.advance(10_000); // a stable connection
    await dropAndReconnect(250);
  });
});

describe("back online", () => {
  /** An injected `online` event: `fire()` is the browser saying the network is back. */
  function network() {
    const listeners = new Set<() => void>();
    return {
      onOnline: (l: () => void) => {
        listeners.add(l);
        return () => listeners.delete(l);
      },
      fire: () => {
        for (const l of [...listeners]) l();
      },
      get listening() {
        return listeners.size;
      },
    };
  }

  it("cuts a long backoff short: the next round starts within a second", async () => {
    world = new World();
    world.hub.wsMode = "refuse";
    world.hub.sseMode = { status: 503 };
    const net = network();
    const r = world.connect({ openTimeoutMs: 0, env: { onOnline: net.onOnline } });
    // Rounds fail until the pending delay is long (the ceiling grows with the time away).
    for (const delay of [250, 250, 250, 375, 562, 843, 1265, 1897, 2846]) {
      await waitFor(() => world.clock.delays.at(-1) === delay, `retry after ${delay} ms`);
      world.clock.advance(delay);
    }
    await waitFor(() => (world.clock.delays.at(-1) ?? 0) >= 4000, "a retry of 4 s or more");
    const tried = world.hub.connections.length;

    world.hub.wsMode = "normal";
    world.hub.sseMode = "normal";
    net.fire();
    expect(world.clock.delays.at(-1)).toBe(500); // random 0.5 × the 1 s online window
    world.clock.advance(499);
    await tick();
    expect(world.hub.connections).toHaveLength(tried);
    world.clock.advance(1);
    await waitFor(() => r.client.state === "open", "open after coming back online");
    expect(world.hub.connections.length).toBe(tried + 1);
  });

  it("changes nothing while connected, never postpones a sooner retry, and stops listening on close", async () => {
    world = new World();
    const net = network();
    const r = world.connect({ env: { onOnline: net.onOnline } });
    await waitFor(() => r.client.state === "open", "open");
    expect(net.listening).toBe(1);
    const timers = world.clock.delays.length;
    net.fire();
    expect(world.clock.delays.length).toBe(timers);
    expect(world.hub.connections).toHaveLength(1);

    world.hub.dropAll(CLOSE_CODES.GOING_AWAY);
    await waitFor(() => world.clock.delays.at(-1) === 250, "first retry (250 ms)");
    const scheduled = world.clock.delays.length;
    net.fire(); // 500 ms would be later than the pending 250 ms
    expect(world.clock.delays.length).toBe(scheduled);
    world.clock.advance(250);
    await waitFor(() => r.client.state === "open", "open again");

    r.client.close();
    expect(net.listening).toBe(0);
  });
});
