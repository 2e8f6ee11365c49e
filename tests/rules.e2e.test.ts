/**
 * Alert rules against a real hub process: a drawdown rule fires once when the strategy crosses it,
 * not again while beyond, again after recovery and a new crossing, and every subscriber sees the
 * alert as an ordinary event on `system.alert` carrying the rule id. A rules or webhooks file
 * with an unknown field, a bad threshold or a non-http URL stops start-up (exit 2) with one line
 * naming the variable, the rule or endpoint, and the field.
 */
import { afterAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { resolve } from "node:path";
import { ConsumerPool } from "./helpers/consumers/index.ts";
import { uniqueStrategy } from "./helpers/fixtures.ts";
import { startHub } from "./helpers/hub.ts";
import { history, publishOk } from "./helpers/publish.ts";
import { waitUntil } from "./helpers/wait.ts";
import { closedTrade, watchFiles } from "./helpers/watch-files.ts";

setDefaultTimeout(40_000);
const files = watchFiles();
const pool = new ConsumerPool();
afterAll(async () => {
  await pool.closeAll();
  files.dispose();
});

describe("a drawdown rule on a running hub", () => {
  test("fires once per crossing, re-arming only after recovery; clients see it as an ordinary alert", async () => {
    const s = uniqueStrategy();
    const rules = files.write("rules.json", { rules: [{ id: "dd", kind: "drawdown", above: 100, strategy: s }] });
    const hub = await startHub({ env: { ALERT_RULES: rules } });
    try {
      const client = await pool.open("ws", hub.url, { topics: ["system.alert"] });
      let n = 0;
      const close = (pnl: number) => publishOk(hub.url, closedTrade(s, pnl, `t${n++}`));
      const ruleAlerts = async () =>
        (await history(hub.url, { topics: ["system.alert"] })).body.events.flatMap((e) =>
          e.type === "alert" && e.data.rule_id === "dd" ? [e] : [],
        );
      await close(50);
      await close(-160); // drawdown 160 > 100
      await waitUntil(async () => (await ruleAlerts()).length === 1, { what: "the first alert" });
      await close(-20); // still beyond
      await close(300); // recovered: re-armed
      await close(-120); // crosses again
      await waitUntil(async () => (await ruleAlerts()).length === 2, { what: "the second alert" });
      const alerts = await ruleAlerts();
      expect(alerts.map((a) => a.data.message)).toEqual([
        `${s}: drawdown 160.00 beyond 100`,
        `${s}: drawdown 120.00 beyond 100`,
      ]);
      await client.waitFor(2);
      expect(client.events.map((e) => e.seq)).toEqual(alerts.map((a) => a.seq));
      expect(client.events[0]).toMatchObject({ type: "alert", data: { rule_id: "dd", severity: "critical" } });
    } finally {
      await hub.dispose();
    }
  });
});

/** Runs the server with `env` and resolves with its exit code and stderr (it must not start). */
async function refusedStart(env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  const proc = Bun.spawn(["bun", resolve(import.meta.dir, "../apps/server/src/main.ts")], {
    env: { ...process.env, PORT: "0", DB_PATH: ":memory:", DASHBOARD: "off", ...env },
    stdout: "pipe",
    stderr: "pipe",
  });
  const timer = setTimeout(() => proc.kill("SIGKILL"), 15_000);
  const [code, stderr] = await Promise.all([proc.exited, new Response(proc.stderr).text()]);
  clearTimeout(timer);
  return { code, stderr };
}

describe("bad watch files stop start-up", () => {
  test.each([
    [
      "a rule with an unknown field",
      { rules: [{ id: "desk-dd", kind: "drawdown", abov: 500 }] },
      'rule "desk-dd" (rules[0]): unknown field "abov"',
    ],
    [
      "a rule with a bad threshold",
      { rules: [{ id: "wr", kind: "win_rate", below: 45, min_trades: 10 }] },
      'rule "wr" (rules[0]): field "below": must be at most 1 (a ratio, e.g. 0.4)',
    ],
  ])("ALERT_RULES: %s", async (_name, content, why) => {
    const path = files.write(`bad-${Math.random()}.json`, content);
    const r = await refusedStart({ ALERT_RULES: path });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`tickerwire: invalid ALERT_RULES (${path}): ${why}\n`);
  });

  test("WEBHOOKS: a URL that is not http(s), named without its secret parts", async () => {
    const url = "ftp://user:hunter2@files.example.com/drop";
    const path = files.write("bad-hooks.json", { endpoints: [{ id: "ops", url, secret: "s".repeat(16) }] });
    const r = await refusedStart({ WEBHOOKS: path });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `tickerwire: invalid WEBHOOKS (${path}): webhook "ops" (endpoints[0]): field "url": must be http:// or https:// (got ftp://)\n`,
    );
    expect(r.stderr).not.toContain("hunter2");
  });
});
