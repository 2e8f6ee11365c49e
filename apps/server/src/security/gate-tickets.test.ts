/**
 * The gate's ticket paths: a ticket store that cannot answer (Redis down or slow) is a 503 with
 * Retry-After on both `POST /api/v1/tickets` and a connect with `?ticket=` — never a 401, which
 * the SDK treats as final — while a wrong ticket stays a 401.
 */
import { describe, expect, test } from "bun:test";
import type { Principal } from "../auth/claims.ts";
import { createTicketStore, type TicketStore, TicketStoreUnavailableError } from "../auth/tickets.ts";
import type { SecurityConfig } from "./config.ts";
import { createGate, type GateContext } from "./gate.ts";

const principal: Principal = {
  subject: "alice",
  scopes: new Set(["subscribe"]),
  publish: [],
  subscribe: [">"],
  expiresAt: Date.now() + 600_000,
};

const security: SecurityConfig = {
  auth: {
    alg: "HS256",
    secret: "x".repeat(32),
    publicKey: undefined,
    jwksFile: undefined,
    issuer: undefined,
    audience: undefined,
  },
  authOffInProduction: false,
  ticketTtlMs: 30_000,
  allowedOrigins: "any",
  corsOrigins: [],
  trustedProxies: null,
  maxConnPerIp: 0,
  connRatePerIp: 0,
  connBurstPerIp: 0,
  wsMsgRate: 0,
  maxSubscriptions: 100,
  publishRate: 0,
  csp: false,
  tls: null,
};

const downStore: TicketStore = {
  issue: () => Promise.reject(new TicketStoreUnavailableError("Redis is down")),
  redeem: () => Promise.reject(new TicketStoreUnavailableError("Redis is down")),
  close: async () => {},
};

function gateWith(tickets: TicketStore) {
  return createGate({ security, verifier: async () => principal, tickets, note: () => {} });
}

function ctx(url: string, headers: Record<string, string> = {}): GateContext {
  const raw = new Request(url, { headers });
  return {
    req: { raw, url, header: (name) => raw.headers.get(name) ?? undefined },
    env: { requestIP: () => ({ address: "10.0.0.1" }) },
  };
}

describe("gate: tickets", () => {
  test("issuing while the ticket store is unavailable answers 503 unavailable with Retry-After", async () => {
    const res = await gateWith(downStore).issueTicket(
      ctx("http://hub/api/v1/tickets?for=ws", { authorization: "Bearer t" }),
    );
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("1");
    expect(await res.json()).toMatchObject({ error: "unavailable" });
  });

  test.each(["ws", "sse"] as const)(
    "%s: a connect with a ticket while the store is unavailable is 503, not 401",
    async (kind) => {
      const res = await gateWith(downStore).stream(ctx(`http://hub/${kind}?ticket=abc`), kind, [">"]);
      expect(res).toBeInstanceOf(Response);
      const r = res as Response;
      expect(r.status).toBe(503);
      expect(r.headers.get("retry-after")).toBe("1");
      expect(await r.json()).toMatchObject({ error: "unavailable" });
    },
  );

  test("an issued ticket opens one stream; a used or unknown one is 401", async () => {
    const gate = gateWith(createTicketStore({ ttlMs: 30_000 }));
    const issued = await gate.issueTicket(ctx("http://hub/api/v1/tickets", { authorization: "Bearer t" }));
    expect(issued.status).toBe(201);
    const { ticket } = (await issued.json()) as { ticket: string };
    const grant = await gate.stream(ctx(`http://hub/sse?ticket=${ticket}`), "sse", [">"]);
    expect(grant).not.toBeInstanceOf(Response);
    expect((grant as { principal: Principal }).principal.subject).toBe("alice");
    const again = await gate.stream(ctx(`http://hub/ws?ticket=${ticket}`), "ws", [">"]);
    expect((again as Response).status).toBe(401);
  });
});
