import { describe, expect, test } from "bun:test";
import type { Principal } from "./claims.ts";
import { createTicketStore } from "./tickets.ts";

const principal = (expiresAt = 1e15): Principal => ({
  subject: "a",
  scopes: new Set(["subscribe"]),
  publish: [],
  subscribe: [">"],
  expiresAt,
});

describe("tickets", () => {
  test("are single-use", () => {
    const store = createTicketStore({ ttlMs: 30_000, now: () => 0 });
    const { ticket, expires_in } = store.issue(principal(), "stream", "1.2.3.4");
    expect(expires_in).toBe(30);
    expect(store.redeem(ticket, "ws", "1.2.3.4")?.subject).toBe("a");
    expect(store.redeem(ticket, "ws", "1.2.3.4")).toBeNull();
  });
  test("expire after the TTL, and never outlive their token", () => {
    let t = 0;
    const store = createTicketStore({ ttlMs: 30_000, now: () => t });
    const a = store.issue(principal(), "stream", "ip").ticket;
    const b = store.issue(principal(10_000), "stream", "ip");
    expect(b.expires_in).toBe(10);
    t = 30_000;
    expect(store.redeem(a, "sse", "ip")).toBeNull();
    expect(store.redeem(b.ticket, "sse", "ip")).toBeNull();
  });
  test("are bound to their purpose and to the client IP", () => {
    const store = createTicketStore({ ttlMs: 30_000, now: () => 0 });
    expect(store.redeem(store.issue(principal(), "ws", "ip").ticket, "sse", "ip")).toBeNull();
    expect(store.redeem(store.issue(principal(), "sse", "ip").ticket, "sse", "other")).toBeNull();
    expect(store.redeem(store.issue(principal(), "sse", "ip").ticket, "sse", "ip")).not.toBeNull();
  });
  test("stay bounded", () => {
    const store = createTicketStore({ ttlMs: 30_000, max: 100, now: () => 0 });
    for (let i = 0; i < 1000; i++) store.issue(principal(), "stream", "ip");
    expect(store.size).toBeLessThanOrEqual(101);
  });
  test("are unguessable: 32 random bytes", () => {
    const store = createTicketStore({ ttlMs: 30_000 });
    const t = store.issue(principal(), "stream", "ip").ticket;
    expect(Buffer.from(t, "base64url").length).toBe(32);
  });
});
