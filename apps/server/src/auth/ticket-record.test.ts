import { describe, expect, test } from "bun:test";
import type { Principal } from "./claims.ts";
import { decodeTicketEntry, encodeTicketEntry } from "./ticket-record.ts";
import type { TicketEntry } from "./tickets.ts";

const entry = (p: Partial<Principal> = {}): TicketEntry => ({
  principal: {
    subject: "ops",
    scopes: new Set(["subscribe"] as const),
    publish: [],
    subscribe: ["trade.>"],
    expiresAt: 1_767_225_600_000,
    ...p,
  },
  purpose: "sse",
  ip: "2001:db8::1",
  expiresAt: 1_767_225_000_000,
});

describe("ticket record", () => {
  test("round-trips an entry exactly (scopes back as a Set)", () => {
    for (const e of [entry(), entry({ scopes: new Set(["publish", "subscribe"] as const), publish: [">"] })]) {
      const back = decodeTicketEntry(encodeTicketEntry(e));
      expect(back).toEqual(e);
      expect(back?.principal.scopes).toBeInstanceOf(Set);
    }
  });

  test("stores only the principal's known fields", () => {
    const e = entry();
    const extra = { ...e, principal: { ...e.principal, token: "eyJ..." } } as TicketEntry;
    expect(encodeTicketEntry(extra)).not.toContain("eyJ");
  });

  test("refuses anything that is not a record of this version", () => {
    const good = JSON.parse(encodeTicketEntry(entry()));
    for (const raw of [
      "",
      "{",
      "null",
      "[]",
      "42",
      JSON.stringify({ ...good, v: 2 }),
      JSON.stringify({ ...good, purpose: "publish" }),
      JSON.stringify({ ...good, expiresAt: "soon" }),
      JSON.stringify({ ...good, principal: { ...good.principal, scopes: "subscribe" } }),
      JSON.stringify({ ...good, principal: { ...good.principal, scopes: ["root"] } }),
      JSON.stringify({ ...good, principal: { ...good.principal, subject: "" } }),
    ]) {
      expect(decodeTicketEntry(raw)).toBeNull();
    }
  });
});
