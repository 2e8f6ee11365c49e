import { describe, expect, it } from "bun:test";
import type { StoredEvent } from "@tickerwire/bus";
import { FakeConnection } from "../../test/fake-connection.ts";
import { Session } from "./session.ts";

const event = (topic: string) => ({ topic, type: "alert", seq: 1, json: "{}" }) as unknown as StoredEvent;

describe("Session.matches", () => {
  it("matches the current subscription, also after it changes", () => {
    const s = new Session("s1", new FakeConnection(), ["system.alert"], undefined);
    expect(s.matches(event("system.alert"))).toBe(true);
    expect(s.matches(event("trade.closed"))).toBe(false);
    s.setSubscription(["trade.>"], undefined);
    expect(s.matches(event("system.alert"))).toBe(false);
    expect(s.matches(event("trade.closed"))).toBe(true);
  });
});
