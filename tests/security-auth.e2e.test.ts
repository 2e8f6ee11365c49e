/**
 * Authentication and authorisation against a real hub with AUTH=jwt (HS256): every rule refuses
 * the wrong party and admits the right one, on both transports. Tokens reach streams as
 * single-use tickets or as a Bearer header; patterns outside the token are forbidden.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { CLOSE_CODES } from "@tickerwire/protocol";
import { signal, uniqueStrategy } from "./helpers/fixtures.ts";
import { type StartedHub, startHub } from "./helpers/hub.ts";
import { bearer, openSse, openWs, SECRET, status, ticket, token } from "./helpers/security.ts";
import { waitUntil, withTimeout } from "./helpers/wait.ts";

setDefaultTimeout(30_000);
let hub: StartedHub;
beforeAll(async () => {
  hub = await startHub({ env: { AUTH: "jwt", JWT_SECRET: SECRET, TICKET_TTL_S: "2" } });
});
afterAll(() => hub?.dispose());

const KINDS = ["ws", "sse"] as const;
type Kind = (typeof KINDS)[number];

async function open(kind: Kind, query: string, headers: Record<string, string> = {}) {
  if (kind === "ws") {
    const r = await openWs(hub.url, query, headers);
    r.socket.close();
    return r.admitted;
  }
  const r = await openSse(hub.url, query, headers);
  r.close();
  return r.status === 200 && r.events.some((e) => e.type === "connected");
}

const sameList = (xs: unknown, want: string[]) => JSON.stringify(xs) === JSON.stringify(want);

const noneToken = (claims: object) =>
  `${Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url")}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.`;

describe.each(KINDS)("%s: authentication", (kind) => {
  const path = () => `${hub.url}/${kind}`;

  test("refuses a request without credentials with 401, admits one with a ticket", async () => {
    const none = await status(`${path()}?topics=trade.>`);
    expect(none.status).toBe(401);
    expect(none.body.error).toBe("unauthorized");
    expect(none.headers.get("www-authenticate")).toContain("Bearer");
    expect(await open(kind, "topics=trade.>")).toBe(false);
    const t = await ticket(hub.url, await token());
    expect(await open(kind, `topics=trade.>&ticket=${t}`)).toBe(true);
  });

  test("a ticket is single-use and single-purpose", async () => {
    const jwt = await token();
    const t = await ticket(hub.url, jwt);
    expect(await open(kind, `ticket=${t}&topics=trade.>`)).toBe(true);
    expect((await status(`${path()}?ticket=${t}&topics=trade.>`)).status).toBe(401); // used
    const other = kind === "ws" ? "sse" : "ws";
    const wrong = await ticket(hub.url, jwt, other);
    expect((await status(`${path()}?ticket=${wrong}&topics=trade.>`)).status).toBe(401);
    // A ticket is not a credential for anything else.
    const t2 = await ticket(hub.url, jwt);
    expect((await fetch(`${hub.url}/api/v1/events?topics=trade.>`, { headers: bearer(t2) })).status).toBe(401);
  });

  test("a ticket expires after TICKET_TTL_S", async () => {
    const t = await ticket(hub.url, await token());
    await Bun.sleep(2_300);
    expect((await status(`${path()}?ticket=${t}&topics=trade.>`)).status).toBe(401);
  });

  test("admits a Bearer header directly (non-browser clients), refuses bad tokens", async () => {
    expect(await open(kind, "topics=trade.>", bearer(await token()))).toBe(true);
    const forged = await token({ secret: "another-secret-that-is-long-enough-xxxxxxxx" });
    expect((await status(`${path()}?topics=trade.>`, bearer(forged))).status).toBe(401);
    const alg = await status(`${path()}?topics=trade.>`, bearer(noneToken({ sub: "x", scope: "subscribe", exp: 2e9 })));
    expect(alg.status).toBe(401);
    const expired = await status(`${path()}?topics=trade.>`, bearer(await token({ ttlS: -60 })));
    expect(expired.status).toBe(401);
    expect(expired.body.error).toBe("token_expired");
    const publishOnly = await status(`${path()}?topics=trade.>`, bearer(await token({ scopes: ["publish"] })));
    expect(publishOnly.status).toBe(403);
  });

  test("forbids patterns outside the token's subscribe patterns, admits those within", async () => {
    const jwt = await token({ subscribe: ["strategy.*.signal", "trade.>"] });
    const wide = await status(`${path()}?topics=strategy.>`, bearer(jwt));
    expect(wide.status).toBe(403);
    expect(wide.body.error).toBe("forbidden");
    expect((await status(`${path()}`, bearer(jwt))).status).toBe(403); // default: everything
    expect(await open(kind, "topics=strategy.RSI_Oversold.signal,trade.executed", bearer(jwt))).toBe(true);
  });
});

describe("ws: authorisation of control messages", () => {
  test("a subscribe outside the token gets `error forbidden`; one within is subscribed", async () => {
    const ws = await openWs(hub.url, "topics=trade.executed", bearer(await token({ subscribe: ["trade.>"] })));
    expect(ws.admitted).toBe(true);
    ws.socket.send(JSON.stringify({ type: "subscribe", topics: ["system.alert"] }));
    ws.socket.send(JSON.stringify({ type: "subscribe", topics: ["trade.closed"] }));
    await waitUntil(
      () =>
        ws.messages.some((m) => m.type === "error" && m.code === "forbidden") &&
        ws.messages.some((m) => m.type === "subscribed" && sameList(m.topics, ["trade.executed", "trade.closed"])),
      { everyMs: 10, what: "`error forbidden` and `subscribed`" },
    );
    expect(ws.messages).toContainEqual(expect.objectContaining({ type: "error", code: "forbidden" }));
    expect(ws.messages).toContainEqual(
      expect.objectContaining({ type: "subscribed", topics: ["trade.executed", "trade.closed"] }),
    );
    ws.socket.close();
  });
});

describe("token expiry", () => {
  test("ws: closed with 4010 when the token expires", async () => {
    const ws = await openWs(hub.url, "topics=trade.>", bearer(await token({ ttlS: 2 })));
    expect(ws.admitted).toBe(true);
    const closed = await withTimeout(ws.closed, 6000, "4010");
    expect(closed.code).toBe(CLOSE_CODES.TOKEN_EXPIRED);
    expect(ws.messages).toContainEqual(expect.objectContaining({ type: "error", code: "token_expired" }));
  });

  test("ws: an `auth` refresh keeps it open; a token for another subject is refused", async () => {
    const ws = await openWs(hub.url, "topics=trade.>", bearer(await token({ ttlS: 2 })));
    ws.socket.send(JSON.stringify({ type: "auth", token: await token({ sub: "mallory", ttlS: 600 }) }));
    ws.socket.send(JSON.stringify({ type: "auth", token: await token({ ttlS: 600 }) }));
    const early = await Promise.race([ws.closed, Bun.sleep(3500).then(() => null)]);
    expect(early).toBeNull();
    expect(ws.messages).toContainEqual(expect.objectContaining({ type: "error", code: "forbidden" }));
    ws.socket.close();
  });

  test("ws: a refresh that no longer covers the subscriptions is refused", async () => {
    const ws = await openWs(hub.url, "topics=trade.>", bearer(await token({ ttlS: 600 })));
    ws.socket.send(JSON.stringify({ type: "auth", token: await token({ subscribe: ["system.alert"] }) }));
    await waitUntil(() => ws.messages.some((m) => m.type === "error" && m.code === "forbidden"), {
      everyMs: 10,
      what: "`error forbidden`",
    });
    expect(ws.messages).toContainEqual(expect.objectContaining({ type: "error", code: "forbidden" }));
    ws.socket.close();
  });

  test("sse: the stream ends when the token expires", async () => {
    const t = await ticket(hub.url, await token({ ttlS: 2 }));
    const s = await openSse(hub.url, `topics=trade.>&ticket=${t}`);
    expect(s.status).toBe(200);
    const ended = await Promise.race([s.ended.then(() => "ended"), Bun.sleep(6000).then(() => "open")]);
    s.close();
    expect(ended).toBe("ended");
  });
});

describe("publish and history", () => {
  test("publish needs a token with the publish scope and topics within its patterns", async () => {
    const s = uniqueStrategy();
    const body = JSON.stringify(signal(s, 0));
    const post = (h: Record<string, string>) =>
      fetch(`${hub.url}/api/v1/events`, {
        method: "POST",
        headers: { "Content-Type": "application/json", ...h },
        body,
      });
    expect((await post({})).status).toBe(401);
    expect((await post(bearer(await token({ scopes: ["subscribe"] })))).status).toBe(403);
    const narrow = await post(bearer(await token({ publish: ["trade.>"] })));
    expect(narrow.status).toBe(403);
    expect(((await narrow.json()) as { error: string }).error).toBe("forbidden");
    expect((await post(bearer(await token({ publish: ["strategy.*.signal"] })))).status).toBe(202);
  });

  test("history needs the subscribe scope and topics within its patterns", async () => {
    const get = (q: string, h: Record<string, string>) => fetch(`${hub.url}/api/v1/events?${q}`, { headers: h });
    expect((await get("topics=trade.>", {})).status).toBe(401);
    const jwt = await token({ subscribe: ["trade.>"] });
    expect((await get("topics=system.alert", bearer(jwt))).status).toBe(403);
    expect((await get("", bearer(jwt))).status).toBe(403);
    expect((await get("topics=trade.executed", bearer(jwt))).status).toBe(200);
  });

  test("tickets need a valid token with the subscribe scope", async () => {
    const post = (h: Record<string, string>) => fetch(`${hub.url}/api/v1/tickets`, { method: "POST", headers: h });
    expect((await post({})).status).toBe(401);
    expect((await post(bearer(await token({ scopes: ["publish"] })))).status).toBe(403);
    const ok = await post(bearer(await token()));
    expect(ok.status).toBe(201);
    const body = (await ok.json()) as { ticket: string; expires_in: number };
    expect(body.ticket).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(body.expires_in).toBeLessThanOrEqual(2);
  });
});
