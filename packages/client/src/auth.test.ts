import { describe, expect, test } from "bun:test";
import { refreshAt, ticketUrl, tokenExpiry, withReportAuth, withTokenAuth } from "./auth.ts";
import { resolveEnv } from "./env.ts";
import type { Transport, TransportOpenOptions } from "./transports/types.ts";

const b64 = (o: object) => btoa(JSON.stringify(o)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
const jwt = (claims: object) => `${b64({ alg: "HS256" })}.${b64(claims)}.sig`;

describe("token helpers", () => {
  test("reads exp from a JWT without verifying it, null otherwise", () => {
    expect(tokenExpiry(jwt({ exp: 1000 }))).toBe(1_000_000);
    expect(tokenExpiry("not-a-jwt")).toBeNull();
  });
  test("refreshes 30 s before expiry, or at 80% of a short life", () => {
    expect(refreshAt(600_000, 0)).toBe(570_000);
    expect(refreshAt(10_000, 0)).toBe(8_000);
  });
  test("derives the ticket endpoint from the stream URL", () => {
    expect(ticketUrl("wss://hub.example/base/ws?topics=a", "ws")).toBe(
      "https://hub.example/base/api/v1/tickets?for=ws",
    );
    expect(ticketUrl("http://h:1/sse?x=1", "sse")).toBe("http://h:1/api/v1/tickets?for=sse");
  });
});

describe("withTokenAuth", () => {
  function setup(status: number) {
    const requests: { url: string; auth: string | null }[] = [];
    const opened: string[] = [];
    const closed: { status?: number; reason: string }[] = [];
    const fetch = (async (url: string, init: RequestInit) => {
      requests.push({ url, auth: new Headers(init.headers).get("authorization") });
      return new Response(JSON.stringify({ ticket: "T1", expires_in: 30 }), { status });
    }) as unknown as typeof globalThis.fetch;
    const fake = (o: TransportOpenOptions): Transport => {
      opened.push(o.url);
      return { kind: "ws", seesKeepAlive: false, send: () => true, close() {} };
    };
    const f = withTokenAuth({ ws: fake, sse: fake }, async () => "JWT");
    const t = f.ws({
      url: "ws://h:1/ws?topics=trade.%3E",
      env: resolveEnv({ fetch }),
      logger: {},
      callbacks: { message() {}, invalid() {}, activity() {}, closed: (i) => closed.push(i) },
    });
    return { t, requests, opened, closed };
  }
  test("trades the token for a ticket, then opens the stream with ?ticket=", async () => {
    const s = setup(201);
    await Bun.sleep(10);
    expect(s.requests).toEqual([{ url: "http://h:1/api/v1/tickets?for=ws", auth: "Bearer JWT" }]);
    expect(s.opened).toEqual(["ws://h:1/ws?topics=trade.%3E&ticket=T1"]);
    s.t.close();
  });
  test("a refused ticket closes with the HTTP status (401 is fatal for the client)", async () => {
    const s = setup(401);
    await Bun.sleep(10);
    expect(s.opened).toEqual([]);
    expect(s.closed).toEqual([{ status: 401, reason: "ticket refused (401)" }]);
  });
});

describe("withReportAuth", () => {
  test("adds the Bearer token to lag reports only", async () => {
    const seen: Record<string, string | null> = {};
    const fetch = (async (url: string, init?: RequestInit) => {
      seen[new URL(url).pathname] = new Headers(init?.headers).get("authorization");
      return new Response(null, { status: 204 });
    }) as unknown as typeof globalThis.fetch;
    const o = withReportAuth({ url: "http://h", token: () => "JWT", env: { fetch } });
    await o.env?.fetch?.("http://h/api/v1/client-reports", { method: "POST" });
    await o.env?.fetch?.("http://h/api/v1/events");
    expect(seen).toEqual({ "/api/v1/client-reports": "Bearer JWT", "/api/v1/events": null });
  });
});
