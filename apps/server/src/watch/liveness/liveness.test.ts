import { afterEach, describe, expect, it } from "bun:test";
import { ruleAlerts, startTestWatch, type TestWatch, watchConfig } from "../../../test/watch.ts";
import type { Rule } from "../config/rule-file.ts";
import { EngineBook, EventRates } from "./engine-book.ts";
import { engineIdentity, engineNameFromSubject } from "./engine-id.ts";
import { engineStatus } from "./liveness-policy.ts";

const running: TestWatch[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((w) => w.dispose()));
});
async function start(rules: Rule[] = [], o: Partial<Parameters<typeof startTestWatch>[0]> = {}) {
  const w = await startTestWatch({ config: watchConfig(rules, [], { livenessIntervalMs: null }), ...o });
  running.push(w);
  return w;
}
const S = 1000;

describe("engine liveness", () => {
  it("one critical alert when an engine stays silent past 3x its interval, one info alert when it is back", async () => {
    const w = await start();
    w.watch.sawEngine("exec-1", 5 * S, 10);
    await w.tick();
    expect(w.watch.engine("exec-1")).toMatchObject({ state: "up", interval_s: 5, grace_s: 15 });
    w.clock.advance(14 * S);
    await w.tick();
    expect(await ruleAlerts(w.bus)).toHaveLength(0);
    w.clock.advance(2 * S); // 16 s > 15 s grace
    await w.tick();
    w.clock.advance(30 * S);
    await w.tick();
    await w.tick();
    let alerts = await ruleAlerts(w.bus, "engine-stale");
    expect(alerts.map((a) => [a.data.severity, a.data.engine, a.data.message])).toEqual([
      ["critical", "exec-1", "engine exec-1 silent for 16 s (grace 15 s)"],
    ]);
    expect(w.watch.engine("exec-1")?.state).toBe("stale");
    w.watch.sawEngine("exec-1", undefined, 0); // a heartbeat
    await w.tick();
    await w.tick();
    alerts = await ruleAlerts(w.bus, "engine-stale");
    expect(alerts.map((a) => [a.data.severity, a.data.message])).toEqual([
      ["critical", "engine exec-1 silent for 16 s (grace 15 s)"],
      ["info", "engine exec-1 is alive again"],
    ]);
  });

  it("does not alert again after a restart, and gives engines a fresh grace after downtime", async () => {
    const w = await start();
    w.watch.sawEngine("exec-1", 2 * S, 1);
    w.watch.sawEngine("exec-2", 2 * S, 1);
    await w.tick();
    w.clock.advance(7 * S);
    w.watch.sawEngine("exec-2", 2 * S, 1);
    await w.tick(); // exec-1 stale: alerted
    await w.stop();
    const t = w.clock.now + 60 * S; // the hub was down for a minute
    const again = await start([], { dir: w.dir, start: t });
    await again.tick();
    // exec-1 was alerted before: no second alert. exec-2 could not reach a stopped hub: not stale yet.
    expect((await ruleAlerts(again.bus, "engine-stale")).map((a) => a.data.engine)).toEqual(["exec-1"]);
    expect(again.watch.engine("exec-2")?.state).toBe("up");
    again.clock.advance(7 * S);
    await again.tick();
    expect((await ruleAlerts(again.bus, "engine-stale")).map((a) => a.data.engine)).toEqual(["exec-1", "exec-2"]);
  });

  it("watches engines without a declared interval only with a default (LIVENESS_INTERVAL)", async () => {
    const off = await start();
    off.watch.sawEngine("quiet", undefined, 1);
    await off.tick();
    off.clock.advance(3_600 * S);
    await off.tick();
    expect(off.watch.engine("quiet")).toMatchObject({ state: "up", interval_s: null, grace_s: null });
    const on = await startTestWatch({ config: watchConfig([], [], { livenessIntervalMs: 10 * S }) });
    running.push(on);
    on.watch.sawEngine("quiet", undefined, 1);
    await on.tick();
    on.clock.advance(31 * S);
    await on.tick();
    expect((await ruleAlerts(on.bus, "engine-stale")).map((a) => a.data.engine)).toEqual(["quiet"]);
  });

  it("an engine_stale rule for one engine replaces the default rule", async () => {
    const w = await start([{ id: "exec-down", kind: "engine_stale", engine: "exec-1", severity: "warning" }]);
    w.watch.sawEngine("exec-1", S, 1);
    w.watch.sawEngine("other", S, 1);
    await w.tick();
    w.clock.advance(10 * S);
    await w.tick();
    const alerts = await ruleAlerts(w.bus);
    expect(alerts.map((a) => [a.data.rule_id, a.data.engine, a.data.severity])).toEqual([
      ["exec-down", "exec-1", "warning"],
    ]);
  });
});

describe("liveness pieces", () => {
  it("names the engine by token subject, else by X-Engine-Id, and parses the declared interval", () => {
    const h = (m: Record<string, string>) => (n: string) => m[n];
    const principal = {
      subject: "svc:exec/1",
      scopes: new Set<"publish">(["publish"]),
      publish: [],
      subscribe: [],
      expiresAt: 0,
    };
    expect(engineIdentity(principal, h({ "x-engine-id": "spoofed" }))).toEqual({
      ok: true,
      engine: "svc_exec_1",
      intervalMs: undefined,
    });
    expect(engineIdentity(null, h({ "x-engine-id": "exec-1", "x-engine-interval": "15" }))).toEqual({
      ok: true,
      engine: "exec-1",
      intervalMs: 15_000,
    });
    expect(engineIdentity(null, h({ "x-engine-interval": "2m" }))).toEqual({
      ok: true,
      engine: null,
      intervalMs: 120_000,
    });
    expect(engineIdentity(null, h({ "x-engine-id": "a b" }))).toMatchObject({ ok: false, header: "X-Engine-Id" });
    expect(engineIdentity(null, h({ "x-engine-interval": "0" }))).toMatchObject({
      ok: false,
      header: "X-Engine-Interval",
    });
    expect(engineNameFromSubject("x".repeat(100))).toHaveLength(64);
  });

  it("counts silence from the last sign of life, or from the watch's resumption for engines up when it paused", () => {
    const r = { engine: "e", lastSeen: 1_000, intervalMs: 1_000, events: 0 };
    const s = { defaultIntervalMs: null, graceFactor: 3 };
    const none = { pausedAt: 0, resumedAt: 0 };
    expect(engineStatus(r, 4_000, none, s, 0).state).toBe("up");
    expect(engineStatus(r, 4_001, none, s, 0).state).toBe("stale");
    // Paused at 2 s (the engine was up), resumed at 60 s: a fresh grace until 63 s.
    expect(engineStatus(r, 62_000, { pausedAt: 2_000, resumedAt: 60_000 }, s, 0).state).toBe("up");
    expect(engineStatus(r, 63_001, { pausedAt: 2_000, resumedAt: 60_000 }, s, 0).state).toBe("stale");
    // Paused at 5 s, when it was stale already: still stale after the resumption.
    expect(engineStatus(r, 60_000, { pausedAt: 5_000, resumedAt: 60_000 }, s, 0).state).toBe("stale");
    expect(engineStatus({ ...r, intervalMs: null }, 1e9, none, s, 0)).toMatchObject({ state: "up", grace_s: null });
  });

  it("merges sightings between flushes and bounds the number of engines", () => {
    const book = new EngineBook(2);
    book.saw("a", 10, undefined, 1);
    book.saw("a", 5, 2_000, 2);
    book.saw("b", 7, undefined, 0);
    book.saw("c", 8, undefined, 1);
    expect(book.take()).toEqual([
      { engine: "a", lastSeen: 10, intervalMs: 2_000, events: 3 },
      { engine: "b", lastSeen: 7, intervalMs: undefined, events: 0 },
    ]);
    expect(book.ignored).toBe(1);
    expect(book.take()).toEqual([]);
  });

  it("computes events per second over a sliding window", () => {
    const r = new EventRates(10_000);
    expect(r.observe("e", 0, 0)).toBe(0);
    expect(r.observe("e", 50, 5_000)).toBe(10);
    expect(r.observe("e", 150, 15_000)).toBe(10);
  });
});
