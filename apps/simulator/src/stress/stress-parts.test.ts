import { describe, expect, it } from "bun:test";
import { validatePublishItem } from "@tickerwire/protocol";
import { UsageError } from "../cli/usage-error.ts";
import { toPublishItem } from "../events.ts";
import { parseStressArgs } from "./args.ts";
import { LatencyHistogram } from "./histogram.ts";
import { dueEvents, MAX_PAYLOAD, stressEvent, subscriptionFor } from "./load.ts";
import { loopLagWarning } from "./loop-lag.ts";
import { neededFds, raiseOpenFileLimit } from "./open-files.ts";
import { planClients, splitPlan } from "./plan.ts";
import { formatProgress } from "./progress.ts";

describe("stress flags", () => {
  it("has defaults and reads every flag", () => {
    expect(parseStressArgs([])).toMatchObject({
      ws: 100,
      sse: 10,
      rate: 200,
      durationS: 10,
      payload: 200,
      slow: 0,
      churn: 0,
      client: "raw",
    });
    expect(parseStressArgs([]).workers).toBe(Math.min(2, navigator.hardwareConcurrency));
    const a = parseStressArgs(
      "--ws 1000 --sse 50 --rate 2000 --duration 30 --payload 512 --slow 5 --churn 2.5 --json r.json --client sdk --workers 3 --url http://localhost:9000".split(
        " ",
      ),
    );
    expect(a).toMatchObject({
      ws: 1000,
      sse: 50,
      rate: 2000,
      durationS: 30,
      payload: 512,
      slow: 5,
      churn: 2.5,
      json: "r.json",
      client: "sdk",
      workers: 3,
      url: "http://localhost:9000",
    });
  });

  it.each([
    [["--ws", "0", "--sse", "0"], "nothing to measure"],
    [["--ws=-1"], "--ws must be an integer"],
    [["--slow", "200"], "more than the 110 clients"],
    [["--churn", "101"], "--churn must be a percentage"],
    [["--payload", String(MAX_PAYLOAD + 1)], "--payload must be an integer from 0 to 4000"],
    [["--client", "fancy"], "--client must be sdk or raw"],
    [["--rate", "0"], "--rate must be a positive number"],
    [["--workers", "0"], "--workers must be at least 1"],
  ])("rejects %p", (argv, message) => {
    expect(() => parseStressArgs(argv)).toThrow(UsageError);
    expect(() => parseStressArgs(argv)).toThrow(message);
  });
});

describe("stress load", () => {
  it("makes valid events: three alerts of about the payload size, then a signal", () => {
    const evs = Array.from({ length: 8 }, (_, k) => stressEvent(k, "run1", 500));
    expect(evs.map((e) => e.type)).toEqual(["alert", "alert", "alert", "signal", "alert", "alert", "alert", "signal"]);
    for (const e of evs) {
      const r = validatePublishItem(toPublishItem(e));
      expect(r.ok).toBe(true);
    }
    const size = JSON.stringify(toPublishItem(evs[0]!)).length;
    expect(size).toBe(500);
  });

  it("stays valid at the maximum payload", () => {
    expect(validatePublishItem(toPublishItem(stressEvent(0, "r", MAX_PAYLOAD))).ok).toBe(true);
  });

  it("spreads clients over three subscriptions and paces by elapsed time", () => {
    expect([0, 1, 2, 3].map((i) => subscriptionFor(i).join(","))).toEqual([
      "system.alert,strategy.Stress.signal",
      "system.alert",
      "strategy.*.signal",
      "system.alert,strategy.Stress.signal",
    ]);
    expect(dueEvents(1000, 10)).toBe(10);
    expect(dueEvents(250, 1_001)).toBe(250);
    expect(dueEvents(100, -5)).toBe(0);
  });
});

describe("client plan", () => {
  it("splits the slow clients between transports and deals every client to one worker, mixed", () => {
    const plan = planClients({ ws: 7, sse: 3, slow: 4 });
    expect(plan.map((p) => `${p.transport}${p.slow ? "!" : ""}`).join(" ")).toBe(
      "ws! ws! ws! ws ws ws ws sse! sse sse",
    );
    expect(plan.map((p) => p.patterns)).toEqual(plan.map((_, i) => subscriptionFor(i)));
    const parts = splitPlan(plan, 3);
    expect(parts.map((p) => p.length)).toEqual([4, 3, 3]);
    expect(parts.flat().length).toBe(plan.length);
    expect(new Set(parts.flat())).toEqual(new Set(plan));
    expect(new Set(parts[0]?.map((p) => p.transport))).toEqual(new Set(["ws", "sse"]));
  });

  it("starts no idle worker when there are fewer clients than workers", () => {
    expect(splitPlan([1, 2], 4)).toEqual([[1], [2]]);
  });
});

describe("open files", () => {
  it("reports the limits `ulimit -n` shows to a child of this process", async () => {
    const r = raiseOpenFileLimit(neededFds(10));
    const sh = Bun.spawnSync(["sh", "-c", "ulimit -Sn; ulimit -Hn"]).stdout.toString().trim().split("\n");
    const asNumber = (s: string | undefined) => (s === "unlimited" ? Number.POSITIVE_INFINITY : Number(s));
    expect(r.soft).toBe(asNumber(sh[0]));
    expect(r.hard).toBe(asNumber(sh[1]));
    expect(neededFds(1000)).toBe(1064);
  });
});

describe("progress and loop lag", () => {
  it("formats one progress line", () => {
    expect(
      formatProgress({
        phase: "publishing",
        elapsedS: 3.2,
        connected: 998,
        clients: 1000,
        acked: 3000,
        queued: 12,
        deliveriesPerSec: 123_456,
        p99: 14,
        reconnects: 2,
        hubState: "ok",
      }),
    ).toBe(
      "publishing 3s | clients 998/1000 | acked 3000 (+12 queued) | deliveries 123.5k/s | p99 14 ms | reconnects 2 | hub ok",
    );
  });

  it("warns only when the load generator's own loop lagged", () => {
    const calm = new LatencyHistogram();
    for (let i = 0; i < 100; i++) calm.record(2);
    expect(loopLagWarning(calm, "hint")).toBeNull();
    const busy = new LatencyHistogram();
    for (let i = 0; i < 100; i++) busy.record(i < 90 ? 2 : 300);
    expect(loopLagWarning(busy, "use --client raw")).toContain("event-loop lag p99 300 ms");
  });
});
