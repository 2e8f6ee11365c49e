import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { startTestServer } from "../../test/server.ts";
import { TestWs } from "../../test/ws-client.ts";

describe("/ws and /sse in front of the app", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    server = await startTestServer({ ALLOWED_ORIGINS: "http://good.example" });
  });
  afterAll(async () => {
    await server.stop();
  });

  const handshake = {
    Upgrade: "websocket",
    Connection: "Upgrade",
    "Sec-WebSocket-Version": "13",
    "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
  };

  it("opens a session with the requested topics", async () => {
    const c = await TestWs.connect(`${server.wsUrl}/ws?topics=system.alert`);
    expect(c.messages[0]).toMatchObject({ type: "connected", topics: ["system.alert"], transport: "ws" });
    c.ws.close();
  });

  it("answers a refused upgrade like the app does, security headers included", async () => {
    const url = `${server.url}/ws?topics=bad..pattern`;
    const fast = await fetch(url, { headers: handshake });
    const viaApp = await fetch(url); // no Upgrade header: the app's own route answers
    expect(fast.status).toBe(400);
    expect(await fast.json()).toEqual(await viaApp.json());
    for (const h of ["x-content-type-options", "x-frame-options", "content-type"]) {
      expect(fast.headers.get(h)).toBe(viaApp.headers.get(h));
    }
    expect(fast.headers.get("x-frame-options")).toBe("DENY");
  });

  it("refuses a page from another origin with 403 and the security headers", async () => {
    const res = await fetch(`${server.url}/ws`, { headers: { ...handshake, Origin: "http://evil.example" } });
    expect(res.status).toBe(403);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect((await res.json()) as { error: string }).toMatchObject({ error: "forbidden" });
  });

  it("leaves /ws without an upgrade to the app (426)", async () => {
    const res = await fetch(`${server.url}/ws`);
    expect(res.status).toBe(426);
    expect(res.headers.get("upgrade")).toBe("websocket");
  });

  it("opens an SSE stream with the app's security headers and the stream headers", async () => {
    const ac = new AbortController();
    const res = await fetch(`${server.url}/sse?topics=system.alert`, { signal: ac.signal });
    const health = await fetch(`${server.url}/api/v1/health`);
    try {
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
      expect(res.headers.get("x-accel-buffering")).toBe("no");
      for (const h of ["x-content-type-options", "x-frame-options", "referrer-policy"]) {
        expect(res.headers.get(h)).toBe(health.headers.get(h));
      }
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      let text = "";
      while (!text.includes("event: connected")) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      expect(text).toContain('"transport":"sse"');
    } finally {
      ac.abort();
    }
  });

  it("refuses a bad SSE subscription with a JSON 400 and the security headers", async () => {
    const res = await fetch(`${server.url}/sse?topics=bad..pattern`);
    expect(res.status).toBe(400);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect((await res.json()) as { error: string; parameter: string }).toMatchObject({ parameter: "topics" });
  });

  it("refuses an SSE request from another origin with 403", async () => {
    const res = await fetch(`${server.url}/sse`, { headers: { Origin: "http://evil.example" } });
    expect(res.status).toBe(403);
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect((await res.json()) as { error: string }).toMatchObject({ error: "forbidden" });
  });
});
