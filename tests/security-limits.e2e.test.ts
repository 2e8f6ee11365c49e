/**
 * Limits against a real hub (AUTH=off, TRUST_PROXY=loopback so each test can speak as its own
 * client IP through X-Forwarded-For): the party over a limit gets 429 + Retry-After or
 * `error rate_limited` then 4008, on both transports, while other clients are unaffected; every
 * rejection is counted in /metrics.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { CLOSE_CODES } from "@tickerwire/protocol";
import { signal, uniqueStrategy } from "./helpers/fixtures.ts";
import { type StartedHub, startHub } from "./helpers/hub.ts";
import { health } from "./helpers/publish.ts";
import { openSse, openWs, type SseResult, status, type WsResult } from "./helpers/security.ts";
import { waitUntil, withTimeout } from "./helpers/wait.ts";

setDefaultTimeout(30_000);
let hub: StartedHub;
beforeAll(async () => {
  hub = await startHub({
    env: {
      TRUST_PROXY: "loopback",
      MAX_CONN_PER_IP: "3",
      CONN_RATE_PER_IP: "2",
      CONN_BURST_PER_IP: "8",
      WS_MSG_RATE: "5",
      MAX_SUBSCRIPTIONS: "3",
      PUBLISH_RATE: "5",
    },
  });
});
afterAll(() => hub?.dispose());

const as = (ip: string) => ({ "X-Forwarded-For": ip });
const KINDS = ["ws", "sse"] as const;

async function connect(kind: (typeof KINDS)[number], ip: string): Promise<{ ok: boolean; close(): void }> {
  if (kind === "ws") {
    const r: WsResult = await openWs(hub.url, "topics=trade.>", as(ip));
    return { ok: r.admitted, close: () => r.socket.close() };
  }
  const r: SseResult = await openSse(hub.url, "topics=trade.>", as(ip));
  return { ok: r.status === 200, close: r.close };
}

/** Open connections of one transport, as /api/v1/health counts them. */
async function clients(kind: (typeof KINDS)[number]): Promise<number> {
  return (await health(hub.url)).body.clients[kind];
}

async function metric(limit: string): Promise<number> {
  const text = await (await fetch(`${hub.url}/metrics`)).text();
  const m = new RegExp(`tickerwire_limit_rejections_total\\{limit="${limit}"\\} (\\d+)`).exec(text);
  return Number(m?.[1] ?? 0);
}

describe.each(KINDS)("%s: connections per IP", (kind) => {
  test("the connection over MAX_CONN_PER_IP gets 429; another IP and a freed slot are admitted", async () => {
    const ip = kind === "ws" ? "10.1.0.1" : "10.1.0.2";
    const first = [await connect(kind, ip), await connect(kind, ip), await connect(kind, ip)];
    expect(first.every((c) => c.ok)).toBe(true);
    const over = await status(`${hub.url}/${kind}?topics=trade.>`, as(ip));
    expect(over.status).toBe(429);
    expect(over.body).toMatchObject({ error: "rate_limited", limit: "conn_per_ip" });
    expect(Number(over.headers.get("retry-after"))).toBeGreaterThan(0);
    const other = await connect(kind, `${ip}9`);
    expect(other.ok).toBe(true);
    // The hub frees a connection's per-IP slot before it stops counting the connection in health.
    const counted = await clients(kind);
    first[0]!.close();
    await waitUntil(async () => (await clients(kind)) < counted, {
      everyMs: 10,
      what: `the hub to see the closed ${kind} connection`,
    });
    const again = await connect(kind, ip);
    expect(again.ok).toBe(true);
    for (const c of [...first, other, again]) c.close();
    expect(await metric("conn_per_ip")).toBeGreaterThan(0);
  });

  test("connection attempts over the per-IP rate get 429 with Retry-After; another IP is unaffected", async () => {
    const ip = kind === "ws" ? "10.2.0.1" : "10.2.0.2";
    const codes: number[] = [];
    // The left part of X-Forwarded-For is the client's own text: varying it must not help.
    for (let i = 0; i < 14; i++)
      codes.push((await status(`${hub.url}/${kind}?topics=trade.>`, as(`6.6.6.${i}, ${ip}`))).status);
    expect(codes.filter((c) => c === 429).length).toBeGreaterThanOrEqual(4);
    expect((await connect(kind, `${ip}9`)).ok).toBe(true);
    expect(await metric("conn_rate")).toBeGreaterThan(0);
  });

  test("more patterns than MAX_SUBSCRIPTIONS are refused; that many are admitted", async () => {
    const r = await status(
      `${hub.url}/${kind}?topics=trade.executed,trade.closed,system.alert,market.>`,
      as("10.3.0.1"),
    );
    expect(r.status).toBe(400);
    expect(r.body.error).toBe("too_many_subscriptions");
    const ok = await (kind === "ws"
      ? openWs(hub.url, "topics=trade.executed,trade.closed,system.alert", as("10.3.0.2")).then((w) => {
          w.socket.close();
          return w.admitted;
        })
      : openSse(hub.url, "topics=trade.executed,trade.closed,system.alert", as("10.3.0.2")).then((s) => {
          s.close();
          return s.status === 200;
        }));
    expect(ok).toBe(true);
  });
});

describe("ws: inbound messages", () => {
  test("a flood gets `error rate_limited`, then close 4008; another client keeps its pongs", async () => {
    const flooder = await openWs(hub.url, "topics=trade.>", as("10.4.0.1"));
    const calm = await openWs(hub.url, "topics=trade.>", as("10.4.0.2"));
    expect(flooder.admitted && calm.admitted).toBe(true);
    for (let i = 0; i < 400; i++) flooder.socket.send(JSON.stringify({ type: "ping", t: i }));
    const closed = await withTimeout(flooder.closed, 10_000, "4008");
    expect(closed.code).toBe(CLOSE_CODES.RATE_LIMITED);
    expect(flooder.messages).toContainEqual(expect.objectContaining({ type: "error", code: "rate_limited" }));
    // Sustained flood got at most a few notices, not one reply per frame.
    expect(flooder.messages.filter((m) => m.type === "error").length).toBeLessThan(10);
    calm.socket.send(JSON.stringify({ type: "ping", t: 1 }));
    await waitUntil(() => calm.messages.some((m) => m.type === "pong" && m.t === 1), {
      everyMs: 10,
      what: "the calm client's pong",
    });
    expect(calm.messages).toContainEqual(expect.objectContaining({ type: "pong", t: 1 }));
    calm.socket.close();
    expect(await metric("ws_messages")).toBeGreaterThan(0);
  });

  test("a subscribe past MAX_SUBSCRIPTIONS gets `error too_many_subscriptions`", async () => {
    const ws = await openWs(hub.url, "topics=trade.executed,trade.closed", as("10.5.0.1"));
    ws.socket.send(JSON.stringify({ type: "subscribe", topics: ["system.alert", "market.>"] }));
    ws.socket.send(JSON.stringify({ type: "subscribe", topics: ["system.alert"] }));
    await waitUntil(
      () =>
        ws.messages.some((m) => m.type === "error" && m.code === "too_many_subscriptions") &&
        ws.messages.some(
          (m) =>
            m.type === "subscribed" &&
            JSON.stringify(m.topics) === JSON.stringify(["trade.executed", "trade.closed", "system.alert"]),
        ),
      { everyMs: 10, what: "`error too_many_subscriptions` and `subscribed`" },
    );
    expect(ws.messages).toContainEqual(expect.objectContaining({ type: "error", code: "too_many_subscriptions" }));
    expect(ws.messages).toContainEqual(
      expect.objectContaining({ type: "subscribed", topics: ["trade.executed", "trade.closed", "system.alert"] }),
    );
    ws.socket.close();
  });
});

describe("publish rate", () => {
  test("publishes over PUBLISH_RATE from one IP get 429 + Retry-After; another IP still publishes", async () => {
    const s = uniqueStrategy();
    const post = (ip: string) =>
      fetch(`${hub.url}/api/v1/events`, {
        method: "POST",
        headers: { "Content-Type": "application/json", ...as(ip) },
        body: JSON.stringify(signal(s, 0)),
      });
    const answers = await Promise.all(Array.from({ length: 20 }, () => post("10.6.0.1")));
    const limited = answers.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(5);
    expect(answers.filter((r) => r.status === 202).length).toBeGreaterThanOrEqual(5);
    expect(Number(limited[0]!.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await limited[0]!.json()) as { limit: string }).limit).toBe("publish_rate");
    expect((await post("10.6.0.2")).status).toBe(202);
    expect(await metric("publish_rate")).toBeGreaterThan(0);
  });
});
