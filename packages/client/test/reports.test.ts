import { afterEach, describe, expect, it } from "bun:test";
import { CLOSE_CODES, ReportMessage } from "@tickerwire/protocol";
import { tick, waitFor } from "./fake-clock.ts";
import { World } from "./harness.ts";
import type { HubConnection } from "./mock-hub.ts";

let world: World;
afterEach(() => world.dispose());

const reportsOf = (conn: HubConnection | undefined) => conn?.received.filter((m) => m.type === "report") ?? [];

/** Publishes one event per delay and lets the client read each `delay` ms after it was stamped. */
async function deliverWithDelays(delays: number[], events: () => number): Promise<void> {
  for (const delay of delays) {
    const before = events();
    world.hub.publish();
    world.clock.advance(delay);
    await waitFor(() => events() === before + 1, "event");
  }
}

describe("lag reports over WebSocket", () => {
  it("sends a `report` every reportIntervalMs summarizing the latency of the events since the last one", async () => {
    world = new World();
    const r = world.connect({ reportIntervalMs: 10_000, pingIntervalMs: 0, deadAfterMs: 0 });
    await waitFor(() => r.client.state === "open", "open");
    await deliverWithDelays([10, 30, 20], () => r.events.length);
    const conn = world.hub.live("ws")[0];
    expect(reportsOf(conn)).toHaveLength(0);

    world.clock.advance(10_000 - 60);
    await waitFor(() => reportsOf(conn).length === 1, "first report");
    const first = reportsOf(conn)[0];
    expect(ReportMessage.safeParse(first).success).toBe(true);
    expect(first).toEqual({
      type: "report",
      latency_ms: { p50: 20, p99: 30, max: 30, count: 3 },
      lag_events: 0,
      transport: "ws",
    });

    world.clock.advance(10_000);
    await waitFor(() => reportsOf(conn).length === 2, "second report");
    expect(reportsOf(conn)[1]).toMatchObject({ latency_ms: { p50: 0, p99: 0, max: 0, count: 0 } });
  });

  it("leaves replayed history out of the latency sample (it is old on purpose)", async () => {
    world = new World();
    for (let i = 0; i < 3; i++) world.hub.publish();
    world.clock.advance(60_000); // the history is a minute old
    const r = world.connect({ resume: { seq: 0 }, reportIntervalMs: 10_000, pingIntervalMs: 0 });
    await waitFor(() => r.replayed.length === 1, "replayed");
    world.clock.advance(10_000);
    const conn = world.hub.live("ws")[0];
    await waitFor(() => reportsOf(conn).length === 1, "report");
    expect(reportsOf(conn)[0]).toMatchObject({ latency_ms: { count: 0, max: 0 }, lag_events: 0 });
  });

  it("never sends more than one report per interval, across reconnects", async () => {
    world = new World();
    const r = world.connect({ reportIntervalMs: 10_000, pingIntervalMs: 0, deadAfterMs: 0 });
    await waitFor(() => r.client.state === "open", "open");
    world.clock.advance(10_000);
    await waitFor(() => reportsOf(world.hub.connections[0]).length === 1, "report");
    for (let i = 0; i < 3; i++) {
      world.hub.dropAll(CLOSE_CODES.LAGGED); // reconnects at once, no backoff
      await waitFor(() => world.hub.live("ws").length === 1 && r.client.state === "open", "reconnected");
      world.clock.advance(1000);
      await tick(5);
    }
    const sent = () => world.hub.connections.flatMap(reportsOf).length;
    expect(sent()).toBe(1);
    world.clock.advance(7000); // 10 s after the first report
    await waitFor(() => sent() === 2, "the next report, on the new connection");
    expect(reportsOf(world.hub.live("ws")[0])).toHaveLength(1);
  });

  it("sends nothing while not connected, and nothing at all when reportIntervalMs is 0", async () => {
    world = new World();
    const off = world.connect({ reportIntervalMs: 0, pingIntervalMs: 0 });
    await waitFor(() => off.client.state === "open", "open");
    world.clock.advance(60_000);
    await tick(5);
    expect(world.hub.connections.flatMap(reportsOf)).toHaveLength(0);
    expect(world.clock.pending).toBe(0); // no report timer either
    off.client.close();

    world.hub.wsMode = "refuse";
    world.hub.sseMode = { status: 503 };
    const down = world.connect({ reportIntervalMs: 1000, openTimeoutMs: 0, backoff: { minMs: 100_000 } });
    await waitFor(() => world.clock.delays.length === 1, "backing off");
    world.clock.advance(5000);
    await tick(5);
    expect(world.hub.postedReports).toHaveLength(0);
    expect(world.hub.connections.flatMap(reportsOf)).toHaveLength(0);
    expect(down.errors.every((e) => e.code !== "report_failed")).toBe(true);
  });
});

describe("lag reports over SSE", () => {
  it("POSTs the same JSON to /api/v1/client-reports, with the lag learned from heartbeats", async () => {
    world = new World();
    const r = world.connect({ transports: ["sse"], reportIntervalMs: 10_000 });
    await waitFor(() => r.client.state === "open", "open");
    await deliverWithDelays([40], () => r.events.length);
    world.hub.seq += 25; // the hub moved on (other topics, or events still on their way)
    world.hub.heartbeat();
    await tick(5);
    world.clock.advance(10_000);
    await waitFor(() => world.hub.postedReports.length === 1, "posted report");
    const posted = world.hub.postedReports[0];
    expect(posted?.contentType).toBe("application/json");
    expect(ReportMessage.safeParse(posted?.body).success).toBe(true);
    expect(posted?.body).toEqual({
      type: "report",
      latency_ms: { p50: 40, p99: 40, max: 40, count: 1 },
      lag_events: 25,
      transport: "sse",
    });
    expect(r.errors).toEqual([]);
  });

  it("a failed POST is reported at level debug only and changes nothing else", async () => {
    world = new World();
    world.hub.reportStatus = 500;
    const r = world.connect({ transports: ["sse"], reportIntervalMs: 10_000 });
    await waitFor(() => r.client.state === "open", "open");
    world.clock.advance(10_000);
    await waitFor(() => r.errors.length === 1, "report error");
    expect(r.errors[0]).toMatchObject({ code: "report_failed", level: "debug", transport: "sse", fatal: false });
    expect(r.errors[0]?.message).toContain("HTTP 500");
    expect(r.client.state).toBe("open");
    expect(world.hub.connections).toHaveLength(1);
    world.hub.publish();
    await waitFor(() => r.events.length === 1, "still delivering");
  });

  it("a POST that cannot even reach the hub is reported the same way", async () => {
    world = new World();
    const r = world.connect({
      transports: ["sse"],
      reportIntervalMs: 10_000,
      // the stream goes through the real fetch; only the report's fetch fails
      env: {
        fetch: ((url: string | URL | Request, init?: RequestInit) =>
          String(url).includes("client-reports")
            ? Promise.reject(new TypeError("network down"))
            : fetch(url, init)) as typeof fetch,
      },
    });
    await waitFor(() => r.client.state === "open", "open");
    world.clock.advance(10_000);
    await waitFor(() => r.errors.length === 1, "report error");
    expect(r.errors[0]).toMatchObject({ code: "report_failed", level: "debug" });
    expect(r.errors[0]?.message).toContain("network down");
    expect(r.client.state).toBe("open");
  });
});
