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
  test("are single-use", async () => {
    const store = createTicketStore({ ttlMs: 30_000, now: () => 0 });
    const { ticket, expires_in } = await store.issue(principal(), "stream", "1.2.3.4");
    expect(expires_in).toBe(30);
    expect((await store.redeem(ticket, "ws", "1.2.3.4"))?.subject).toBe("a");
    expect(await store.redeem(ticket, "ws", "1.2.3.4")).toBeNull();
  });
  test("expire after the TTL, and never outlive their token", async () => {
    let t = 0;
    const store = createTicketStore({ ttlMs: 30_000, now: () => t });
    const a = (await store.issue(principal(), "stream", "ip")).ticket;
    const b = await store.issue(principal(10_000), "stream", "ip");
    expect(b.expires_in).toBe(10);
    t = 30_000;
    expect(await store.redeem(a, "sse", "ip")).toBeNull();
    expect(await store.redeem(b.ticket, "sse", "ip")).toBeNull();
  });
  test("are bound to their purpose and to the client IP", async () => {
    const store = createTicketStore({ ttlMs: 30_000, now: () => 0 });
    const issue = async (purpose: "ws" | "sse") => (await store.issue(principal(), purpose, "ip")).ticket;
    expect(await store.redeem(await issue("ws"), "sse", "ip")).toBeNull();
    expect(await store.redeem(await issue("sse"), "sse", "other")).toBeNull();
    expect(await store.redeem(await issue("sse"), "sse", "ip")).not.toBeNull();
  });
  test("a refused attempt consumes the ticket", async () => {
    const store = createTicketStore({ ttlMs: 30_000, now: () => 0 });
    const { ticket } = await store.issue(principal(), "ws", "ip");
    expect(await store.redeem(ticket, "ws", "other")).toBeNull();
    expect(await store.redeem(ticket, "ws", "ip")).toBeNull();
  });
  test("stay bounded", async () => {
    const store = createTicketStore({ ttlMs: 30_000, max: 100, now: () => 0 });
    for (let i = 0; i < 1000; i++) await store.issue(principal(), "stream", "ip");
    expect(store.size).toBeLessThanOrEqual(101);
  });
  test("are unguessable: 32 random bytes", async () => {
    const store = createTicketStore({ ttlMs: 30_000 });
    const t = (await store.issue(principal(), "stream", "ip")).ticket;
    expect(Buffer.from(t, "base64url").length).toBe(32);
  });
});
