import { describe, expect, test } from "bun:test";
import { CLOSE_CODES } from "@tickerwire/protocol";
import { FakeConnection } from "../../test/fake-connection.ts";
import type { Principal } from "../auth/claims.ts";
import type { Session } from "../hub/session.ts";
import { createLimitRejections } from "../limits/rejections.ts";
import { createWsGuard } from "./ws-guard.ts";

const principal = (o: Partial<Principal> = {}): Principal => ({
  subject: "alice",
  scopes: new Set(["subscribe"]),
  publish: [],
  subscribe: ["trade.>"],
  expiresAt: 1e15,
  ...o,
});
const session = (patterns: string[]) => ({ patterns }) as unknown as Session;

function setup(o: { msgRate?: number; verify?: (t: string) => Promise<Principal> } = {}) {
  let t = 0;
  const counts = createLimitRejections();
  const guard = createWsGuard({
    verifier: o.verify ?? null,
    msgRate: o.msgRate ?? 0,
    maxSubscriptions: 3,
    note: (limit) => counts[limit]++,
    now: () => t,
  });
  return { guard, counts, tick: (ms: number) => (t += ms) };
}
const errors = (c: FakeConnection) =>
  c.received.filter((m) => m.type === "error").map((m) => (m as { code: string }).code);

describe("ws guard", () => {
  test("drops messages over the rate with one notice per second, and closes 4008 when the flood goes on", () => {
    const { guard, counts, tick } = setup({ msgRate: 5 });
    const conn = new FakeConnection();
    const g = guard.state(null, "ip", () => {});
    const admitted = Array.from({ length: 10 }, () => guard.admit(g, conn)).filter(Boolean).length;
    expect(admitted).toBe(10); // burst = 2x rate
    expect(guard.admit(g, conn)).toBe(false);
    expect(errors(conn)).toEqual(["rate_limited"]);
    for (let i = 0; i < 30 && conn.closedWith === null; i++) guard.admit(g, conn);
    expect(conn.closedWith?.code).toBe(CLOSE_CODES.RATE_LIMITED);
    expect(counts.ws_messages).toBeGreaterThan(10);
    tick(10_000);
  });

  test("a calm client is never limited", () => {
    const { guard, tick } = setup({ msgRate: 5 });
    const conn = new FakeConnection();
    const g = guard.state(null, "ip", () => {});
    for (let i = 0; i < 100; i++) {
      expect(guard.admit(g, conn)).toBe(true);
      tick(250);
    }
  });

  test("closes with 4010 once the token has expired (checked on arrival, not only by timer)", () => {
    const { guard, tick } = setup();
    const conn = new FakeConnection();
    const g = guard.state(principal({ expiresAt: 1000 }), "ip", () => {});
    expect(guard.admit(g, conn)).toBe(true);
    tick(1000);
    expect(guard.admit(g, conn)).toBe(false);
    expect(conn.closedWith?.code).toBe(CLOSE_CODES.TOKEN_EXPIRED);
    expect(errors(conn)).toEqual(["token_expired"]);
  });

  test("refuses subscribe outside the token, and past the subscription cap", () => {
    const { guard } = setup();
    const conn = new FakeConnection();
    const g = guard.state(principal(), "ip", () => {});
    const s = session(["trade.executed"]);
    expect(guard.intercept(g, conn, s, { type: "subscribe", topics: ["system.alert"] })).toBe(true);
    expect(guard.intercept(g, conn, s, { type: "subscribe", topics: ["trade.closed"] })).toBe(false);
    expect(guard.intercept(g, conn, s, { type: "subscribe", topics: ["trade.a", "trade.b", "trade.c"] })).toBe(true);
    expect(errors(conn)).toEqual(["forbidden", "too_many_subscriptions"]);
  });

  test("an auth refresh extends the deadline only for the same subject covering the subscriptions", async () => {
    const tokens: Record<string, Principal> = {
      good: principal({ expiresAt: 5000 }),
      other: principal({ subject: "mallory", expiresAt: 5000 }),
      narrow: principal({ subscribe: ["system.alert"], expiresAt: 5000 }),
    };
    const { guard, tick } = setup({ verify: async (t) => tokens[t]! });
    const conn = new FakeConnection();
    const g = guard.state(principal({ expiresAt: 1000 }), "ip", () => {});
    const s = session(["trade.executed"]);
    for (const t of ["other", "narrow", "good"]) guard.intercept(g, conn, s, { type: "auth", token: t });
    await Bun.sleep(0);
    expect(errors(conn)).toEqual(["forbidden", "forbidden"]);
    tick(2000);
    expect(guard.admit(g, conn)).toBe(true);
    guard.closed(g);
  });

  test("closing releases the connection slot once", () => {
    const { guard } = setup();
    let released = 0;
    const g = guard.state(null, "ip", () => released++);
    guard.closed(g);
    guard.closed(g);
    expect(released).toBe(1);
  });
});
