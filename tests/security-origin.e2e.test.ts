/**
 * Origin allowlist for `/ws` and `/sse`, secure headers and CORS, against real hubs: a page on
 * another site is refused (cross-site WebSocket hijacking), the hub's own origin and listed
 * origins are admitted; requests without Origin pass only with credentials (or auth off).
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { type StartedHub, startHub } from "./helpers/hub.ts";
import { bearer, openSse, openWs, SECRET, status, token } from "./helpers/security.ts";

setDefaultTimeout(30_000);
let hub: StartedHub; // production defaults: same-origin + a listed origin, auth on
let open: StartedHub; // auth off
beforeAll(async () => {
  [hub, open] = await Promise.all([
    startHub({
      env: {
        AUTH: "jwt",
        JWT_SECRET: SECRET,
        ALLOWED_ORIGINS: "https://app.example",
        CORS_ORIGINS: "https://app.example",
      },
    }),
    startHub({ env: { AUTH: "off" } }),
  ]);
});
afterAll(async () => {
  await hub?.dispose();
  await open?.dispose();
});

const KINDS = ["ws", "sse"] as const;

async function admitted(kind: (typeof KINDS)[number], base: string, headers: Record<string, string>) {
  if (kind === "ws") {
    const r = await openWs(base, "topics=trade.>", headers);
    r.socket.close();
    return r.admitted;
  }
  const r = await openSse(base, "topics=trade.>", headers);
  r.close();
  return r.status === 200;
}

describe.each(KINDS)("%s: Origin", (kind) => {
  test("refuses a foreign Origin with 403 even with a valid token", async () => {
    const h = { Origin: "https://evil.example", ...bearer(await token()) };
    const r = await status(`${hub.url}/${kind}?topics=trade.>`, h);
    expect(r.status).toBe(403);
    expect(r.body.error).toBe("forbidden");
    expect(await admitted(kind, hub.url, h)).toBe(false);
    expect((await status(`${hub.url}/${kind}?topics=trade.>`, { ...h, Origin: "null" })).status).toBe(403);
  });
  test("admits the hub's own origin and a listed origin", async () => {
    const jwt = await token();
    expect(await admitted(kind, hub.url, { Origin: hub.url, ...bearer(jwt) })).toBe(true);
    expect(await admitted(kind, hub.url, { Origin: "https://app.example", ...bearer(jwt) })).toBe(true);
  });
  test("without Origin: refused without credentials, admitted with them or when auth is off", async () => {
    expect((await status(`${hub.url}/${kind}?topics=trade.>`)).status).toBe(401);
    expect(await admitted(kind, hub.url, bearer(await token()))).toBe(true);
    expect(await admitted(kind, open.url, {})).toBe(true);
  });
  test("same-origin is the production default: a foreign origin is refused with auth off too", async () => {
    expect((await status(`${open.url}/${kind}?topics=trade.>`, { Origin: "https://evil.example" })).status).toBe(403);
    expect(await admitted(kind, open.url, { Origin: open.url })).toBe(true);
  });
});

describe("headers", () => {
  test("secure headers and a content security policy on responses in production", async () => {
    const r = await fetch(`${open.url}/api/v1/health`);
    expect(r.headers.get("x-content-type-options")).toBe("nosniff");
    expect(r.headers.get("x-frame-options")).toBe("DENY");
    expect(r.headers.get("referrer-policy")).toBe("no-referrer");
    const csp = r.headers.get("content-security-policy") ?? "";
    for (const d of [
      "script-src 'self'",
      "style-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ]) {
      expect(csp).toContain(d);
    }
    expect(r.headers.get("access-control-allow-origin")).toBeNull();
  });
  test("CORS only for CORS_ORIGINS", async () => {
    const pre = (origin: string) =>
      fetch(`${hub.url}/api/v1/events`, {
        method: "OPTIONS",
        headers: {
          Origin: origin,
          "Access-Control-Request-Method": "POST",
          "Access-Control-Request-Headers": "authorization",
        },
      });
    expect((await pre("https://app.example")).headers.get("access-control-allow-origin")).toBe("https://app.example");
    expect((await pre("https://evil.example")).headers.get("access-control-allow-origin")).toBeNull();
  });
});
