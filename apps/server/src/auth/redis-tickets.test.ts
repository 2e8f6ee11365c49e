/**
 * The Redis ticket store against a real Redis: the shared one on 127.0.0.1:6379 when it answers
 * (every test on its own key prefix, every key removed afterwards), else a private redis-server.
 * Hung-Redis faults always use a private server (SIGSTOP must never hit the shared one).
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import Redis from "ioredis";
import {
  freePort,
  hasRedisServer,
  type RedisServer,
  skipWithoutRedis,
  startRedisServer,
} from "../../../../packages/bus/test/redis-server.ts";
import type { Principal } from "./claims.ts";
import { createRedisTicketStore, type RedisTicketOptions, ticketKey } from "./redis-tickets.ts";
import { newTicket, type TicketStore, TicketStoreUnavailableError } from "./tickets.ts";

const SHARED_URL = "redis://127.0.0.1:6379";

async function answersPing(url: string): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, retryStrategy: () => null });
  probe.on("error", () => {});
  try {
    await probe.connect();
    return (await probe.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

const shared = await answersPing(SHARED_URL);
const BASE = `tw-test-tickets-${process.pid}-${Date.now().toString(36)}`;

const principal = (o: Partial<Principal> = {}): Principal => ({
  subject: "dashboard-7",
  scopes: new Set(["publish", "subscribe"] as const),
  publish: ["strategy.RSI_Oversold.>"],
  subscribe: ["trade.>", "strategy.*.signal"],
  expiresAt: Date.now() + 600_000,
  ...o,
});

async function elapsed(p: Promise<unknown>): Promise<{ ms: number; result: unknown }> {
  const t0 = performance.now();
  const result = await p.catch((e: unknown) => e);
  return { ms: performance.now() - t0, result };
}

describe.skipIf(!shared && skipWithoutRedis())("redis ticket store", () => {
  let own: RedisServer | null = null;
  let url = SHARED_URL;
  let raw: Redis;
  let n = 0;
  const open: TicketStore[] = [];
  const prefix = () => `${BASE}-${n++}`;
  const store = (o: Partial<RedisTicketOptions> & { keyPrefix: string }): TicketStore => {
    const s = createRedisTicketStore({ url, ttlMs: 30_000, ...o });
    open.push(s);
    return s;
  };
  /** Two stores on one prefix, each with its own connection: two hub instances. */
  const pair = () => {
    const keyPrefix = prefix();
    return { keyPrefix, a: store({ keyPrefix }), b: store({ keyPrefix }) };
  };
  async function keysUnder(p: string): Promise<string[]> {
    const keys: string[] = [];
    let cursor = "0";
    do {
      const [next, batch] = await raw.scan(cursor, "MATCH", `${p}*`, "COUNT", 1000);
      keys.push(...batch);
      cursor = next;
    } while (cursor !== "0");
    return keys;
  }

  beforeAll(async () => {
    if (!shared) {
      own = await startRedisServer();
      url = own.url;
    }
    raw = new Redis(url, { maxRetriesPerRequest: 1 });
    raw.on("error", () => {});
  }, 20_000);
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  afterAll(async () => {
    const left = await keysUnder(BASE);
    if (left.length > 0) await raw.del(...left);
    raw.disconnect();
    await own?.dispose();
  });

  test("a ticket issued on one instance is redeemed on another, with the same principal", async () => {
    const { a, b } = pair();
    const p = principal();
    const { ticket, expires_in } = await a.issue(p, "stream", "10.0.0.1");
    expect(expires_in).toBe(30);
    const got = await b.redeem(ticket, "ws", "10.0.0.1");
    expect(got).toEqual(p);
    expect(got?.scopes).toBeInstanceOf(Set);
    expect([...(got?.scopes ?? [])].sort()).toEqual(["publish", "subscribe"]);
  });

  test("is single-use across instances", async () => {
    const { a, b } = pair();
    const { ticket } = await a.issue(principal(), "sse", "ip");
    expect(await b.redeem(ticket, "sse", "ip")).not.toBeNull();
    expect(await b.redeem(ticket, "sse", "ip")).toBeNull();
    expect(await a.redeem(ticket, "sse", "ip")).toBeNull();
  });

  test("concurrent redeems of one ticket on two instances: exactly one wins", async () => {
    const { a, b } = pair();
    const tickets = await Promise.all(Array.from({ length: 25 }, () => a.issue(principal(), "stream", "ip")));
    const results = await Promise.all(
      tickets.map(({ ticket }) => Promise.all([a.redeem(ticket, "ws", "ip"), b.redeem(ticket, "sse", "ip")])),
    );
    for (const [x, y] of results) expect((x === null) !== (y === null)).toBe(true);
  });

  test("is bound to the client IP and the purpose; a refused attempt consumes it", async () => {
    const { a, b } = pair();
    const wrongIp = (await a.issue(principal(), "stream", "ip")).ticket;
    expect(await b.redeem(wrongIp, "ws", "other-ip")).toBeNull();
    expect(await b.redeem(wrongIp, "ws", "ip")).toBeNull();
    const wsOnly = (await a.issue(principal(), "ws", "ip")).ticket;
    expect(await b.redeem(wsOnly, "sse", "ip")).toBeNull();
    expect(await b.redeem(wsOnly, "ws", "ip")).toBeNull();
    const sseOnly = (await a.issue(principal(), "sse", "ip")).ticket;
    expect(await b.redeem(sseOnly, "sse", "ip")).not.toBeNull();
  });

  test("expires after the TTL (the instance's clock and Redis's own TTL)", async () => {
    const keyPrefix = prefix();
    let t = Date.now();
    const clocked = store({ keyPrefix, now: () => t });
    const { ticket } = await clocked.issue(principal(), "stream", "ip");
    t += 30_000;
    expect(await clocked.redeem(ticket, "ws", "ip")).toBeNull();

    const short = store({ keyPrefix, ttlMs: 100 });
    const s = await short.issue(principal(), "stream", "ip");
    const pttl = await raw.pttl(ticketKey(keyPrefix, s.ticket));
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(100);
    await Bun.sleep(200);
    expect(await raw.exists(ticketKey(keyPrefix, s.ticket))).toBe(0);
    expect(await short.redeem(s.ticket, "ws", "ip")).toBeNull();
  });

  test("never outlives its token (in expires_in and in Redis)", async () => {
    const { keyPrefix, a, b } = pair();
    const soon = await a.issue(principal({ expiresAt: Date.now() + 5_000 }), "stream", "ip");
    expect(soon.expires_in).toBeLessThanOrEqual(5);
    expect(await raw.pttl(ticketKey(keyPrefix, soon.ticket))).toBeLessThanOrEqual(5_000);
    const expired = await a.issue(principal({ expiresAt: Date.now() - 1 }), "stream", "ip");
    expect(expired.expires_in).toBe(0);
    expect(await b.redeem(expired.ticket, "ws", "ip")).toBeNull();
  });

  test("Redis holds a SHA-256 of the ticket, never the ticket itself", async () => {
    const { keyPrefix, a } = pair();
    const { ticket } = await a.issue(principal(), "stream", "ip");
    expect(Buffer.from(ticket, "base64url").length).toBe(32);
    const keys = await keysUnder(keyPrefix);
    const digest = new Bun.CryptoHasher("sha256").update(ticket).digest("hex");
    expect(keys).toEqual([`${keyPrefix}:ticket:${digest}`]);
    const value = (await raw.get(keys[0]!)) as string;
    expect(value).not.toContain(ticket);
    expect(keys[0]).not.toContain(ticket);
  });

  test("a corrupt or foreign stored value is refused (and consumed), never thrown", async () => {
    const { keyPrefix, a } = pair();
    const good = JSON.parse(
      (await raw.get(ticketKey(keyPrefix, (await a.issue(principal(), "stream", "ip")).ticket))) as string,
    );
    const values = [
      "{not json",
      "null",
      '"a string"',
      JSON.stringify({ ...good, v: 2 }),
      JSON.stringify({ ...good, principal: { ...good.principal, scopes: ["admin"] } }),
      JSON.stringify({ ...good, ip: undefined }),
    ];
    for (const value of values) {
      const ticket = newTicket();
      await raw.set(ticketKey(keyPrefix, ticket), value, "PX", 10_000);
      expect(await a.redeem(ticket, "ws", "ip")).toBeNull();
      expect(await raw.exists(ticketKey(keyPrefix, ticket))).toBe(0);
    }
  });

  test("Redis unreachable: issue and redeem fail fast with TicketStoreUnavailableError", async () => {
    const down = store({ keyPrefix: prefix(), url: `redis://127.0.0.1:${freePort()}`, timeoutMs: 1_000 });
    for (const attempt of [
      down.issue(principal(), "stream", "ip"),
      down.redeem(newTicket(), "ws", "ip"),
      down.redeem(newTicket(), "sse", "ip"),
    ]) {
      const { ms, result } = await elapsed(attempt);
      expect(result).toBeInstanceOf(TicketStoreUnavailableError);
      expect(ms).toBeLessThan(1_500);
    }
    // Something that was never a ticket is refused without asking Redis.
    expect(await down.redeem("not-a-ticket", "ws", "ip")).toBeNull();
  });

  test.skipIf(!hasRedisServer())(
    "Redis hung: calls give up after the timeout, and work again once it answers",
    async () => {
      const hung = await startRedisServer();
      try {
        const s = store({ keyPrefix: prefix(), url: hung.url, timeoutMs: 500 });
        const before = await s.issue(principal(), "stream", "ip");
        process.kill(hung.pid, "SIGSTOP");
        try {
          for (const attempt of [s.issue(principal(), "stream", "ip"), s.redeem(before.ticket, "ws", "ip")]) {
            const { ms, result } = await elapsed(attempt);
            expect(result).toBeInstanceOf(TicketStoreUnavailableError);
            expect(ms).toBeLessThan(1_500);
          }
        } finally {
          process.kill(hung.pid, "SIGCONT");
        }
        const after = await s.issue(principal(), "stream", "ip");
        expect(await s.redeem(after.ticket, "ws", "ip")).not.toBeNull();
      } finally {
        await hung.dispose();
      }
    },
    20_000,
  );

  test("a closed store is unavailable", async () => {
    const { a } = pair();
    await a.close();
    expect(await a.issue(principal(), "stream", "ip").catch((e) => e)).toBeInstanceOf(TicketStoreUnavailableError);
  });
});
