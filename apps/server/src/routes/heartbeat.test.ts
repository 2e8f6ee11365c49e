import { afterEach, describe, expect, it } from "bun:test";
import { body, systemAlert, trade } from "../../test/events.ts";
import { publish, startTestServer } from "../../test/server.ts";
import { signToken } from "../auth/token-cli.ts";

const running: Awaited<ReturnType<typeof startTestServer>>[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});
async function start(env: Record<string, string> = {}) {
  const s = await startTestServer(env);
  running.push(s);
  return s;
}
const beat = (url: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/api/v1/heartbeat`, { method: "POST", headers });

describe("engine identity", () => {
  it("POST /api/v1/heartbeat records a sign of life from the engine named by X-Engine-Id", async () => {
    const s = await start();
    const res = await beat(s.url, { "X-Engine-Id": "exec-1", "X-Engine-Interval": "15" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ engine: "exec-1", state: "up", interval_s: 15, last_state: null });
    await s.watch.tick();
    const health = (await (await fetch(`${s.url}/api/v1/health`)).json()) as { watch: { engines: unknown[] } };
    expect(health.watch.engines).toEqual([
      expect.objectContaining({ engine: "exec-1", state: "up", interval_s: 15, grace_s: 45 }),
    ]);
  });

  it("a heartbeat needs a name; bad engine headers are refused before anything is published", async () => {
    const s = await start();
    const anonymous = await beat(s.url);
    expect(anonymous.status).toBe(400);
    expect(await anonymous.json()).toMatchObject({ error: "invalid_header" });
    expect((await beat(s.url, { "X-Engine-Id": "no spaces" })).status).toBe(400);
    const bad = await publish(s.url, body(trade()), { "X-Engine-Id": "e", "X-Engine-Interval": "soon" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: "invalid_header", header: "X-Engine-Interval" });
    expect(s.bus.currentSeq()).toBe(0);
  });

  it("every publish is a sign of life, counted in events", async () => {
    const s = await start();
    expect((await publish(s.url, [body(trade("a")), body(trade("b"))], { "X-Engine-Id": "exec-2" })).status).toBe(202);
    await s.watch.tick();
    expect(s.watch.engine("exec-2")).toMatchObject({ state: "up", interval_s: 30 });
    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    expect(metrics).toContain('tickerwire_engine_up{engine="exec-2"} 1');
  });

  it("with AUTH=jwt the token's sub names the engine, whatever X-Engine-Id says", async () => {
    const secret = "s".repeat(40);
    const s = await start({ AUTH: "jwt", JWT_SECRET: secret });
    const token = await signToken({
      alg: "HS256",
      key: secret,
      sub: "strategy-box-7",
      scopes: ["publish"],
      ttlMs: 60_000,
    });
    const res = await beat(s.url, { Authorization: `Bearer ${token}`, "X-Engine-Id": "someone-else" });
    expect(await res.json()).toMatchObject({ engine: "strategy-box-7" });
    expect((await beat(s.url, { "X-Engine-Id": "x" })).status).toBe(401);
  });
});

describe("the hub's own alerts", () => {
  it("publishers may not set rule_id or use the hub's idempotency keys", async () => {
    const s = await start();
    const forged = { topic: "system.alert", data: { message: "fake rule alert", rule_id: "dd-total" } };
    const res = await publish(s.url, [body(systemAlert()), forged]);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: "invalid_event",
      issues: [{ index: 1, path: ["data", "rule_id"] }],
    });
    expect((await publish(s.url, body(systemAlert()), { "Idempotency-Key": "hub:watch:x" })).status).toBe(400);
    expect(s.bus.currentSeq()).toBe(0);
  });
});
