import { describe, expect, it } from "bun:test";
import { FakeClient } from "../../test/fake-client.ts";
import { ev, resetSeq } from "../../test/fixtures.ts";
import { type Clock, createConnectionModel, latencyWords, statusWords, transportWords } from "./connection.ts";

function fakeClock(start = 1_000_000): Clock & { tick(ms: number): void; timers: number } {
  let now = start;
  const cbs = new Map<number, () => void>();
  let id = 0;
  return {
    now: () => now,
    setInterval(cb) {
      cbs.set(++id, cb);
      return id;
    },
    clearInterval(h) {
      cbs.delete(h as number);
    },
    tick(ms) {
      now += ms;
      for (const cb of cbs.values()) cb();
    },
    get timers() {
      return cbs.size;
    },
  };
}

describe("connection status", () => {
  it("names every state and transport in words", () => {
    expect(statusWords("open")).toBe("Connected");
    expect(statusWords("reconnecting")).toBe("Reconnecting…");
    expect(statusWords("closed")).toBe("Disconnected");
    expect(statusWords("connecting")).toBe("Connecting…");
    expect(statusWords("idle")).toBe("Idle: no topics");
    expect(transportWords("ws")).toBe("WebSocket");
    expect(transportWords("sse")).toBe("SSE");
    expect(transportWords(null)).toBe("—");
  });

  it("follows the client's state changes", () => {
    const client = new FakeClient();
    const m = createConnectionModel(client, fakeClock());
    expect(m.state.value).toBe("connecting");
    client.setState("open", "sse");
    expect(m.state.value).toBe("open");
    expect(m.transport.value).toBe("sse");
    client.setState("reconnecting", null);
    expect(m.state.value).toBe("reconnecting");
    client.setState("idle", null);
    expect(m.state.value).toBe("idle");
    expect(m.transport.value).toBeNull();
  });

  it("re-reads latency, seq and last event time on every tick", () => {
    const client = new FakeClient();
    const clock = fakeClock();
    const m = createConnectionModel(client, clock);
    client.latencyMs = 7;
    client.lastSeq = 42;
    client.lastEventAt = 999;
    expect(m.lastSeq.value).toBe(0);
    clock.tick(1000);
    expect(m.latencyMs.value).toBe(7);
    expect(m.lastSeq.value).toBe(42);
    expect(m.lastEventAt.value).toBe(999);
    expect(m.now.value).toBe(1_001_000);
  });

  it("shows the median delivery delay of live events instead of one slow ping", () => {
    resetSeq(11);
    const client = new FakeClient();
    const clock = fakeClock(Date.parse("2026-01-19T10:00:00Z"));
    const m = createConnectionModel(client, clock);
    client.latencyMs = 393; // a ping answered behind a burst
    clock.tick(0);
    expect([m.latencyMs.value, m.latencySource.value]).toEqual([393, "ping"]);
    client.emit("connected", {
      type: "connected",
      session_id: "s",
      server_time: new Date(clock.now()).toISOString(),
      epoch: "e",
      current_seq: 10,
      topics: [">"],
    });
    for (const lag of [4, 3, 250, 3, 5]) {
      clock.tick(200);
      const stamped = new Date(clock.now() - lag).toISOString();
      client.emit(
        "event",
        ev("alert", "system.alert", { message: "m", severity: "info", kind: "system" }, { timestamp: stamped }),
      );
    }
    clock.tick(0);
    expect([m.latencyMs.value, m.latencySource.value]).toEqual([4, "delivery"]);
    expect(latencyWords("delivery")).toContain("Median delivery latency");
  });

  it("falls back to the SDK's figure, named for its transport, when no live event came lately", () => {
    const client = new FakeClient();
    const clock = fakeClock();
    const m = createConnectionModel(client, clock);
    expect([m.latencyMs.value, m.latencySource.value]).toEqual([null, null]);
    client.latencyMs = 12;
    client.setState("open", "sse");
    expect([m.latencyMs.value, m.latencySource.value]).toEqual([12, "lag"]);
    client.setState("open", "ws");
    expect(m.latencySource.value).toBe("ping");
    expect(latencyWords("ping")).toContain("ping round trip ÷ 2");
  });

  it("stops listening and ticking when disposed", () => {
    const client = new FakeClient();
    const clock = fakeClock();
    const m = createConnectionModel(client, clock);
    m.dispose();
    expect(clock.timers).toBe(0);
    expect(client.listenerCount("state")).toBe(0);
    expect(client.listenerCount("event")).toBe(0);
    expect(client.listenerCount("connected")).toBe(0);
  });
});
