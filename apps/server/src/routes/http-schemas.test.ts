/**
 * The routes and protocol's HTTP schemas agree: each real answer of a running hub is parsed with
 * the schema its readers use (the simulator, the SDK, the tests), in strict mode, so a field the
 * route adds, drops or renames without protocol fails here.
 */
import { describe, expect, it } from "bun:test";
import { hostname } from "node:os";
import {
  ErrorBody,
  HealthBody,
  HistoryPage,
  ORIGINAL_EXAMPLES,
  PublishAccepted,
  TicketAnswer,
} from "@tickerwire/protocol";
import { z } from "zod";
import { publish, startTestServer } from "../../test/server.ts";
import { signToken } from "../auth/token-cli.ts";

/** The schema with unknown keys refused (at the top level: nested shapes are checked by their own). */
function strict<T extends z.ZodRawShape>(schema: z.ZodObject<T>) {
  return z.strictObject(schema.shape);
}

describe("HTTP answers match protocol's schemas", () => {
  it("publish 202 is PublishAccepted, 400 is ErrorBody with the issues, history is HistoryPage", async () => {
    const s = await startTestServer();
    try {
      const ok = await publish(s.url, ORIGINAL_EXAMPLES, { "Idempotency-Key": "k1" });
      expect(ok.status).toBe(202);
      expect(strict(PublishAccepted).parse(await ok.json())).toEqual({ seqs: [1, 2, 3, 4, 5], duplicate: false });

      const again = await publish(s.url, ORIGINAL_EXAMPLES, { "Idempotency-Key": "k1" });
      expect(strict(PublishAccepted).parse(await again.json())).toEqual({ seqs: [1, 2, 3, 4, 5], duplicate: true });

      const bad = await publish(s.url, [ORIGINAL_EXAMPLES[0], { topic: "trade.executed", data: { trade_id: "" } }]);
      expect(bad.status).toBe(400);
      const error = strict(ErrorBody).parse(await bad.json());
      expect(error.error).toBe("invalid_event");
      expect(error.issues?.[0]).toMatchObject({ index: 1, path: ["data", "trade_id"] });

      const badQuery = await fetch(`${s.url}/api/v1/events?since=x`);
      expect(strict(ErrorBody).parse(await badQuery.json())).toMatchObject({
        error: "invalid_query",
        parameter: "since",
      });

      const page = await fetch(`${s.url}/api/v1/events?since=0&limit=2`);
      const text = await page.text();
      const parsed = strict(HistoryPage).parse(JSON.parse(text));
      expect(parsed).toMatchObject({ has_more: true, next_since: 2, truncated: false, current_seq: 5 });
      // The string-built page is exactly what serializing the parsed page would give.
      expect(text).toBe(JSON.stringify(parsed));
    } finally {
      await s.stop();
    }
  });

  it("health is HealthBody and names this instance (INSTANCE_ID, else host name + pid)", async () => {
    for (const [env, instance] of [
      [{ INSTANCE_ID: "alpha" }, "alpha"],
      [{}, `${hostname()}-${process.pid}`],
    ] as const) {
      const s = await startTestServer(env);
      try {
        const body = strict(HealthBody).parse(await (await fetch(`${s.url}/api/v1/health`)).json());
        expect(body.instance).toBe(instance);
        expect(body.engine).toBe("memory+sqlite");
        expect(body.redis).toBeUndefined();
      } finally {
        await s.stop();
      }
    }
  });

  it("a ticket is TicketAnswer (201) and a refused one an ErrorBody (401)", async () => {
    const secret = "s".repeat(40);
    const s = await startTestServer({ AUTH: "jwt", JWT_SECRET: secret });
    try {
      const token = await signToken({ alg: "HS256", key: secret, sub: "t", scopes: ["subscribe"], ttlMs: 60_000 });
      const res = await fetch(`${s.url}/api/v1/tickets?for=sse`, {
        method: "POST",
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(201);
      expect(strict(TicketAnswer).parse(await res.json()).expires_in).toBeGreaterThan(0);

      const refused = await fetch(`${s.url}/api/v1/tickets`, { method: "POST" });
      expect(refused.status).toBe(401);
      expect(strict(ErrorBody).parse(await refused.json()).error).toBe("unauthorized");
    } finally {
      await s.stop();
    }
  });
});
