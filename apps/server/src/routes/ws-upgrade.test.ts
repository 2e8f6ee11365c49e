import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { startTestServer } from "../testing/server.ts";
import { TestWs } from "../testing/ws-client.ts";
import { pathOf } from "./ws-upgrade.ts";

describe("pathOf", () => {
  it("reads the path of an absolute URL, without its query", () => {
    expect(pathOf("http://127.0.0.1:8080/ws?topics=a.b")).toBe("/ws");
    expect(pathOf("http://h/ws")).toBe("/ws");
    expect(pathOf("http://h/ws/")).toBe("/ws/");
    expect(pathOf("https://h:1/api/v1/events?x=/ws")).toBe("/api/v1/events");
    expect(pathOf("http://h")).toBe("/");
  });
});

describe("/ws upgrades in front of the app", () => {
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
});
