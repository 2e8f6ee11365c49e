/**
 * Engine liveness against real hub processes: an engine (named by X-Engine-Id, declaring a 1 s
 * interval) publishes, goes silent, and comes back → one critical alert within its grace and one
 * info alert on its return, not repeated after a hub restart; with two hubs on one Redis, the
 * engine publishing to one and returning through the other → each alert once in the shared history.
 */
import { afterAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import type { StartedHub } from "./helpers/hub.ts";
import { startHub } from "./helpers/hub.ts";
import { health, history, publishOk } from "./helpers/publish.ts";
import { type RedisServer, skipWithoutRedis, startRedisServer } from "./helpers/redis.ts";
import { sleep, waitUntil } from "./helpers/wait.ts";
import { alert } from "./helpers/watch-files.ts";

setDefaultTimeout(60_000);

const engineHeaders = (engine: string) => ({ headers: { "X-Engine-Id": engine, "X-Engine-Interval": "1" } });

interface LivenessAlert {
  severity: string;
  engine: string;
  rule_id: string;
  message: string;
}
/** The hub's liveness alerts about `engine`, in seq order. */
async function livenessAlerts(url: string, engine: string): Promise<LivenessAlert[]> {
  const page = await history(url, { topics: ["system.alert"], limit: 1000 });
  return page.body.events
    .map((e) => e.data as unknown as LivenessAlert)
    .filter((d) => d.rule_id === "engine-stale" && d.engine === engine);
}

async function engineState(url: string, engine: string): Promise<string | undefined> {
  const body = (await health(url)).body as unknown as { watch: { engines: { engine: string; state: string }[] } };
  return body.watch.engines.find((e) => e.engine === engine)?.state;
}

describe("engine liveness on one hub", () => {
  let hub: StartedHub;
  afterAll(() => hub?.dispose());

  test("silent past 3x its interval: one critical alert; back: one info alert; a restart repeats neither", async () => {
    hub = await startHub();
    await publishOk(hub.url, alert("engine says hi", "info"), engineHeaders("exec-1"));
    await waitUntil(async () => (await engineState(hub.url, "exec-1")) === "up", { what: "exec-1 up" });
    const silentFrom = Date.now();
    await waitUntil(async () => (await livenessAlerts(hub.url, "exec-1")).length === 1, {
      timeoutMs: 10_000,
      what: "the critical alert",
    });
    expect(Date.now() - silentFrom).toBeGreaterThan(2_900); // not before its grace (3 x 1 s)
    expect(await engineState(hub.url, "exec-1")).toBe("stale");
    await sleep(1_500); // more ticks while silent
    expect(await livenessAlerts(hub.url, "exec-1")).toHaveLength(1);

    const beat = await fetch(`${hub.url}/api/v1/heartbeat`, { method: "POST", ...engineHeaders("exec-1") });
    expect(beat.status).toBe(200);
    await waitUntil(async () => (await livenessAlerts(hub.url, "exec-1")).length === 2, { what: "the info alert" });
    const alerts = await livenessAlerts(hub.url, "exec-1");
    expect(alerts.map((a) => a.severity)).toEqual(["critical", "info"]);
    expect(alerts[0]!.message).toMatch(/^engine exec-1 silent for [\d.]+ s \(grace 3 s\)$/);

    await hub.restart();
    await sleep(1_500);
    expect(await livenessAlerts(hub.url, "exec-1")).toHaveLength(2);
  });
});

describe.skipIf(skipWithoutRedis())("engine liveness on two hubs sharing Redis", () => {
  let redis: RedisServer;
  const hubs: StartedHub[] = [];
  afterAll(async () => {
    await Promise.all(hubs.map((h) => h.dispose()));
    await redis?.dispose();
  });

  test("each alert once, whichever instance saw the engine and whichever leads", async () => {
    redis = await startRedisServer();
    const env = (id: string) => ({ BUS: "redis", REDIS_URL: redis.url, INSTANCE_ID: id });
    hubs.push(...(await Promise.all([startHub({ env: env("a") }), startHub({ env: env("b") })])));
    const [a, b] = hubs as [StartedHub, StartedHub];
    const roles = async () =>
      Promise.all(
        hubs.map(async (h) => ((await health(h.url)).body as unknown as { watch: { role: string } }).watch.role),
      );
    await waitUntil(async () => (await roles()).sort().join() === "leader,standby", { what: "one leader" });

    await publishOk(a.url, alert("hello from exec-r", "info"), engineHeaders("exec-r"));
    await waitUntil(async () => (await engineState(b.url, "exec-r")) === "up", { what: "b sees exec-r (from a)" });
    await waitUntil(async () => (await livenessAlerts(b.url, "exec-r")).length === 1, {
      timeoutMs: 10_000,
      what: "the critical alert",
    });
    await publishOk(b.url, alert("back, via b", "info"), engineHeaders("exec-r"));
    await waitUntil(async () => (await livenessAlerts(a.url, "exec-r")).length === 2, { what: "the info alert" });
    await sleep(2_000); // several more ticks on both instances
    for (const h of hubs) {
      expect((await livenessAlerts(h.url, "exec-r")).map((x) => x.severity)).toEqual(["critical", "info"]);
    }

    // The leader dies while the engine keeps beating through the other; the other takes over
    // after the lease (5 s) and alerts nothing new.
    const leader = (await roles())[0] === "leader" ? a : b;
    const other = leader === a ? b : a;
    let beating = true;
    const beats = (async () => {
      while (beating) {
        await fetch(`${other.url}/api/v1/heartbeat`, { method: "POST", ...engineHeaders("exec-r") });
        await sleep(300);
      }
    })();
    await leader.kill("SIGKILL");
    await waitUntil(
      async () => ((await health(other.url)).body as unknown as { watch: { role: string } }).watch.role === "leader",
      { timeoutMs: 15_000, what: "the other instance to lead" },
    );
    await sleep(1_500);
    beating = false;
    await beats;
    expect((await livenessAlerts(other.url, "exec-r")).map((x) => x.severity)).toEqual(["critical", "info"]);
  });
});
