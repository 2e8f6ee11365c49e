import { afterAll, describe, expect, it } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { body, trade } from "../test/events.ts";
import { publish, startTestServer } from "../test/server.ts";
import { TestSse } from "../test/sse-client.ts";
import { waitFor } from "../test/wait.ts";
import { TestWs } from "../test/ws-client.ts";

const tmpDirs: string[] = [];
afterAll(() => {
  for (const d of tmpDirs) rmSync(d, { recursive: true, force: true });
});

describe("startServer", () => {
  it("listens on a free port when asked for 0 and reports its URL", async () => {
    const s = await startTestServer();
    try {
      expect(s.port).toBeGreaterThan(0);
      expect(s.url).toBe(`http://127.0.0.1:${s.port}`);
      expect((await fetch(`${s.url}/api/v1/health`)).status).toBe(200);
    } finally {
      await s.stop();
    }
  });
});

describe("GET /api/v1/health", () => {
  it("reports status, engine, epoch, seqs, clients by transport, subscribers by pattern and uptime", async () => {
    const s = await startTestServer();
    const ws = await TestWs.connect(`${s.wsUrl}/ws?topics=trade.>,system.alert`);
    const sse = new TestSse(`${s.url}/sse?topics=trade.>`);
    try {
      await publish(s.url, body(trade()));
      await waitFor(() => s.hub.stats().clients.sse === 1, { what: "the SSE client" });
      const res = await fetch(`${s.url}/api/v1/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        status: "ok",
        engine: "memory+sqlite",
        instance: `${hostname()}-${process.pid}`,
        epoch: s.bus.epoch,
        current_seq: 1,
        oldest_seq: 1,
        history_size: 1,
        clients: { ws: 1, sse: 1 },
        subscribers: { "trade.>": 2, "system.alert": 1 },
        groups: 2,
        replaying: 0,
        slow_connections: { ws: 0, sse: 0 },
        client_reports: { reports: 0, latency_p99_ms: 0, latency_max_ms: 0, lag_events: 0 },
        uptime_s: expect.any(Number),
        watch: {
          role: "leader",
          engines: [],
          rules: [{ id: "engine-stale", kind: "engine_stale", active: [] }],
          webhooks: [],
        },
      });
    } finally {
      ws.close();
      await sse.close();
      await s.stop();
    }
  });
});

describe("GET /metrics", () => {
  it("exposes connections, deliveries, publishes, latency, history and process metrics", async () => {
    const s = await startTestServer();
    const ws = await TestWs.connect(`${s.wsUrl}/ws`);
    try {
      await publish(s.url, [body(trade("m1")), body(trade("m2"))]);
      await ws.waitEvents(2);
      const res = await fetch(`${s.url}/metrics`);
      expect(res.headers.get("content-type")).toContain("text/plain");
      const text = await res.text();
      for (const line of [
        'tickerwire_connections{transport="ws"} 1',
        'tickerwire_connections_opened_total{transport="ws"} 1',
        'tickerwire_messages_delivered_total{transport="ws"} 2',
        'tickerwire_events_published_total{type="trade"} 2',
        'tickerwire_publish_requests_total{outcome="accepted"} 1',
        "tickerwire_publish_duration_seconds_count 1",
        "tickerwire_history_events 2",
        "tickerwire_current_seq 2",
      ]) {
        expect(text).toContain(line);
      }
      expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
      expect(text).toMatch(/^process_cpu_seconds_total [\d.]+/m);
      expect(text).not.toContain("nodejs_eventloop_lag_min_seconds");
    } finally {
      ws.close();
      await s.stop();
    }
  });
});

describe("client delivery reports", () => {
  const report = (transport: "ws" | "sse", p99: number, lag: number) => ({
    type: "report",
    latency_ms: { p50: 3, p99, max: p99 + 10, count: 50 },
    lag_events: lag,
    transport,
  });

  it("aggregates WebSocket `report` messages and POSTed SSE reports into health and metrics", async () => {
    const s = await startTestServer();
    const ws = await TestWs.connect(`${s.wsUrl}/ws`);
    try {
      ws.send(report("ws", 120, 3));
      const post = await fetch(`${s.url}/api/v1/client-reports`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(report("sse", 45, 9)),
      });
      expect(post.status).toBe(204);
      let summary: unknown;
      for (let i = 0; i < 100; i++) {
        const health = (await (await fetch(`${s.url}/api/v1/health`)).json()) as {
          client_reports: { reports: number };
        };
        summary = health.client_reports;
        if (health.client_reports.reports === 2) break;
        await Bun.sleep(10);
      }
      expect(summary).toEqual({ reports: 2, latency_p99_ms: 120, latency_max_ms: 130, lag_events: 9 });
      const text = await (await fetch(`${s.url}/metrics`)).text();
      expect(text).toContain('tickerwire_client_reports_total{transport="sse"} 1');
      expect(text).toContain('tickerwire_client_reports_total{transport="ws"} 1');
      expect(text).toContain("tickerwire_client_reported_lag_events 9");
      expect(ws.of("error")).toHaveLength(0);
    } finally {
      ws.close();
      await s.stop();
    }
  });

  it("refuses a POSTed report that is not a valid `report`", async () => {
    const s = await startTestServer();
    try {
      const res = await fetch(`${s.url}/api/v1/client-reports`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ type: "ping" }),
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: "invalid_message" });
    } finally {
      await s.stop();
    }
  });
});

describe("errors and the dashboard route", () => {
  it("answers unknown routes with 404 JSON", async () => {
    const s = await startTestServer();
    try {
      const res = await fetch(`${s.url}/api/v2/nothing`);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({
        error: "not_found",
        message: expect.stringContaining("/api/v2/nothing"),
      });
    } finally {
      await s.stop();
    }
  });

  it("answers an HTTP/1.0 request without Host with 400, not a crash", async () => {
    const s = await startTestServer();
    try {
      const { port } = new URL(s.url);
      const reply = await new Promise<string>((resolve, reject) => {
        let text = "";
        Bun.connect({
          hostname: "127.0.0.1",
          port: Number(port),
          socket: {
            open: (sock) => void sock.write("GET /api/v1/health HTTP/1.0\r\n\r\n"),
            data: (_sock, chunk) => {
              text += chunk.toString();
            },
            close: () => resolve(text),
            error: (_sock, e) => reject(e),
          },
        }).catch(reject);
      });
      expect(reply).toStartWith("HTTP/1.1 400");
      expect(reply).toContain('"error":"invalid_header"');
      const ok = await fetch(`${s.url}/api/v1/health`);
      expect(ok.status).toBe(200);
    } finally {
      await s.stop();
    }
  });

  it("answers / with a plain 404 explanation when DASHBOARD=off", async () => {
    const s = await startTestServer({ DASHBOARD: "off" });
    try {
      const res = await fetch(`${s.url}/`);
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toStartWith("text/plain");
      expect(await res.text()).toContain("DASHBOARD=off");
    } finally {
      await s.stop();
    }
  });

  it("answers / with a plain 404 naming the path when the dashboard file is missing", async () => {
    const s = await startTestServer({ DASHBOARD: "on", DASHBOARD_HTML: "/nonexistent/index.html" });
    try {
      const res = await fetch(`${s.url}/`);
      expect(res.status).toBe(404);
      expect(await res.text()).toContain("/nonexistent/index.html");
    } finally {
      await s.stop();
    }
  });

  it("serves the dashboard's index.html through Bun's HTML import, with its script bundled", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tw-dash-"));
    tmpDirs.push(dir);
    writeFileSync(
      join(dir, "index.html"),
      '<!doctype html><html><head><title>Fixture board</title><script type="module" src="./main.ts"></script></head><body></body></html>',
    );
    writeFileSync(join(dir, "main.ts"), 'document.title = "fixture-script-ran";\n');
    const s = await startTestServer({ DASHBOARD: "on", DASHBOARD_HTML: join(dir, "index.html") });
    try {
      const res = await fetch(`${s.url}/`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toStartWith("text/html");
      const html = await res.text();
      expect(html).toContain("Fixture board");
      const src = /<script[^>]+src="([^"]+)"/.exec(html)?.[1];
      expect(src).toBeDefined();
      const script = await fetch(new URL(src!, s.url));
      expect(script.status).toBe(200);
      expect(await script.text()).toContain("fixture-script-ran");
      // The API still answers next to the dashboard.
      expect((await fetch(`${s.url}/api/v1/health`)).status).toBe(200);
    } finally {
      await s.stop();
    }
  });
});

describe("graceful stop", () => {
  it("closes WebSockets with 1001, ends SSE streams, refuses new work and is idempotent", async () => {
    const s = await startTestServer();
    const ws = await TestWs.connect(`${s.wsUrl}/ws`);
    const sse = new TestSse(`${s.url}/sse`);
    await waitFor(() => s.hub.stats().clients.sse === 1, { what: "the SSE client" });
    await publish(s.url, body(trade("before-stop")));
    await ws.waitEvents(1);
    const stopping = s.stop();
    expect(s.stop()).toBe(stopping);
    await stopping;
    const closed = await ws.waitClosed();
    expect(closed).toEqual({ code: 1001, reason: "going away" });
    await waitFor(() => sse.ended, { what: "the SSE stream to end" });
    expect(sse.eventFrames()).toHaveLength(1);
    await expect(fetch(`${s.url}/api/v1/health`)).rejects.toThrow();
    expect(s.hub.stats().clients).toEqual({ ws: 0, sse: 0 });
  });
});
