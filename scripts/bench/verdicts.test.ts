import { describe, expect, it } from "bun:test";
import type { DeskOpenResult, IdleResult, IngestResult, StreamResult } from "./results.ts";
import type { TargetName } from "./targets/registry.ts";
import { deskOpenGoals, judge, measuredOnly, noteBusy, scaleFigures, verdicts } from "./verdicts.ts";

function run(
  target: TargetName,
  deliveriesPerSec: number,
  p99: number,
  extra: Partial<StreamResult> = {},
): StreamResult {
  return {
    workload: "fanout",
    target,
    clients: 1000,
    connected: 1000,
    connectFailed: 0,
    published: 1000,
    publishPerSec: 1000,
    offeredPerSec: 1e6,
    deliveriesPerSec,
    peakPerSec: deliveriesPerSec,
    latencyMs: { count: 1, min: 1, p50: p99 / 2, p99, max: p99, mean: p99 / 2 },
    lost: 0,
    duplicates: 0,
    disconnects: 0,
    meanEventChars: 200,
    resources: { serverCpuPct: 1, serverRssMB: 1, serverPeakRssMB: 1, loadgenCpuPct: 1, otherCpuPct: 0 },
    ...extra,
  };
}
const idle = (target: TargetName, bytesPerConn: number): IdleResult => ({
  target,
  clients: 10,
  connected: 10,
  failed: 0,
  rssBeforeMB: 1,
  rssAfterMB: 2,
  bytesPerConn,
});
const ingest = (eventsPerSec: number): IngestResult[] => [
  { target: "hub", mode: "batch-1000", eventsPerSec, accepted: 1, failed: 0 },
  { target: "sqlite", mode: "batch-1000", eventsPerSec: 400_000, accepted: 1, failed: 0 },
];

describe("judge", () => {
  it("passes at the bound and says by how much a miss falls short or over", () => {
    expect(judge(0.8, 0.8, "min").pass).toBe(true);
    expect(judge(0.6, 0.8, "min")).toEqual({ pass: false, note: "missed: 25% short of the goal" });
    expect(judge(3, 2, "max")).toEqual({ pass: false, note: "missed: 50% over the goal" });
  });
});

describe("verdicts", () => {
  const fanout = [
    run("ceiling-ws", 1_000_000, 100),
    run("hub-ws", 900_000, 150),
    run("socketio", 100_000, 2000),
    run("ceiling-sse", 100_000, 1000),
    run("hub-sse", 250_000, 300),
  ];
  const all = verdicts({
    fanout,
    burst: [],
    ingest: ingest(60_000),
    idle: [idle("ceiling-ws", 2000), idle("hub-ws", 5000), idle("ceiling-sse", 4000), idle("hub-sse", 6000)],
  });
  const byGoal = (s: string) =>
    all.find((v) => v.goal.startsWith(s) && (v.goal.includes("fan-out") || !s.includes("vs")));

  it("checks hub-ws against the ceiling at 1,000 clients", () => {
    expect(byGoal("hub-ws deliveries vs ceiling-ws")).toMatchObject({
      pass: true,
      measured: expect.stringContaining("0.90×"),
    });
    expect(byGoal("hub-ws p99 latency")).toMatchObject({ pass: true, measured: expect.stringContaining("1.50×") });
  });
  it("checks hub-ws against Socket.IO and hub-sse against the bare SSE broadcaster", () => {
    expect(all.find((v) => v.goal === "hub-ws deliveries vs Socket.IO (fan-out, 1,000 clients)")?.pass).toBe(true);
    const sse = all.find((v) => v.goal === "hub-sse deliveries vs bare SSE broadcaster (fan-out, 1,000 clients)");
    expect(sse).toMatchObject({ pass: false, note: "missed: 17% short of the goal" });
  });
  it("leaves a goal undecided, with the reason, when a side was not measured or failed", () => {
    const burstSio = all.find((v) => v.goal === "hub-ws deliveries vs Socket.IO (burst)");
    expect(burstSio).toMatchObject({ pass: null, measured: "n/a" });
    const broken = verdicts({
      fanout: [run("ceiling-ws", 1e6, 100), run("hub-ws", 0, 0, { error: "hub crashed" })],
      burst: [],
      ingest: [],
      idle: [],
    });
    expect(broken[0]).toMatchObject({ pass: null, note: "hub-ws: hub crashed" });
  });
  it("checks ingest as an absolute floor and shows it against raw sqlite", () => {
    const v = all.find((x) => x.goal.startsWith("hub ingest"));
    expect(v).toMatchObject({ pass: true, measured: "60,000/s (0.15× raw bun:sqlite)" });
    const slow = verdicts({ fanout: [], burst: [], ingest: ingest(40_000), idle: [] }).find((x) =>
      x.goal.startsWith("hub ingest"),
    );
    expect(slow).toMatchObject({ pass: false, note: "missed: 20% short of the goal" });
  });
  it("checks idle memory per connection against the bare server of the same transport", () => {
    expect(all.find((v) => v.goal.includes("hub-ws vs ceiling-ws"))).toMatchObject({ pass: false });
    expect(all.find((v) => v.goal.includes("hub-sse vs ceiling-sse"))).toMatchObject({ pass: true });
  });
  it("refuses a ratio to a baseline that measured zero or less", () => {
    const v = verdicts({ fanout: [], burst: [], ingest: [], idle: [idle("ceiling-ws", -100), idle("hub-ws", 500)] });
    expect(v.find((x) => x.goal.includes("hub-ws vs ceiling-ws"))).toMatchObject({ pass: null });
  });
});

describe("noteBusy", () => {
  const v = { goal: "g", measured: "1×", required: "≥ 0.8×", pass: true, note: "" };
  it("warns when other jobs used the CPU during a compared run, keeping the verdict", () => {
    const busy = run("hub-ws", 1, 1, {
      resources: { serverCpuPct: 1, serverRssMB: 1, serverPeakRssMB: 1, loadgenCpuPct: 1, otherCpuPct: 120 },
    });
    const out = noteBusy(v, [busy, run("ceiling-ws", 1, 1), undefined]);
    expect(out.pass).toBe(true);
    expect(out.note).toBe("busy machine: other jobs used CPU during hub-ws 120%; rerun when idle or with --repeat");
  });
  it("leaves a verdict measured on a quiet machine alone", () => {
    expect(noteBusy(v, [run("hub-ws", 1, 1), run("ceiling-ws", 1, 1)])).toEqual(v);
  });
});

describe("scaleFigures", () => {
  const scale = [
    run("hub-ws", 900_000, 50, { workload: "scale" }),
    run("hub-redis-1", 450_000, 100, { workload: "scale" }),
    run("hub-redis-2", 600_000, 75, { workload: "scale", instances: 2, lost: 12 }),
  ];
  it("reports deliveries/s and p99 of each Redis target as ratios to hub-ws, with no pass/fail", () => {
    const [one, two] = scaleFigures(scale);
    expect(one).toMatchObject({
      goal: "scale-out: hub-redis-1 vs hub-ws (default engine), 1,000 clients",
      measured: "450,000 deliveries/s (0.50×), p99 100 ms (2.00×), lost 0",
      pass: null,
      info: true,
    });
    expect(two?.measured).toBe("600,000 deliveries/s (0.67×), p99 75 ms (1.50×), lost 12");
  });
  it("says why a figure is missing", () => {
    const [, two] = scaleFigures([scale[0] as StreamResult, run("hub-redis-2", 0, 0, { error: "redis down" })]);
    expect(two).toMatchObject({ measured: "n/a", note: "hub-redis-2: redis down" });
  });
  it("adds nothing when the workload did not run, and is part of verdicts when it did", () => {
    expect(scaleFigures([])).toEqual([]);
    const all = verdicts({ fanout: [], burst: [], ingest: [], idle: [], scale });
    expect(all.filter((v) => v.info)).toHaveLength(2);
  });
  it("lists only what a scale-only run measured, keeping failures", () => {
    const kept = measuredOnly(verdicts({ fanout: [], burst: [], ingest: [], idle: [], scale }));
    expect(kept.map((v) => v.goal)).toEqual([
      "scale-out: hub-redis-1 vs hub-ws (default engine), 1,000 clients",
      "scale-out: hub-redis-2 vs hub-ws (default engine), 1,000 clients",
    ]);
    const failed = verdicts({ fanout: [run("hub-ws", 0, 0, { error: "boom" })], burst: [], ingest: [], idle: [] });
    expect(measuredOnly(failed).some((v) => v.note.includes("hub-ws: boom"))).toBe(true);
  });
});

describe("deskOpenGoals", () => {
  const base: DeskOpenResult = {
    events: 1_000_000,
    strategies: 100,
    openPositions: 1_000,
    prepMs: 1,
    startupMs: 1,
    snapshotBytes: 1,
    ledgerAgrees: true,
    loads: [],
  };
  const load = (transport: "ws" | "sse", summaryMs: number, bytes: number) => ({
    transport,
    summaryMs,
    bytes,
    byKind: {},
  });

  it("judges each transport's median load against 1.5 s and 1 MB", () => {
    const vs = deskOpenGoals([
      {
        ...base,
        loads: [
          load("ws", 900, 600_000),
          load("ws", 2_000, 700_000),
          load("ws", 1_100, 2_000_000),
          load("sse", 1_600, 500_000),
        ],
      },
    ]);
    expect(vs.map((v) => [v.measured, v.pass])).toEqual([
      ["1100 ms (median of 3 cold loads)", true],
      ["684 KB (median)", true],
      ["1600 ms (median of 1 cold loads)", false],
      ["488 KB (median)", true],
    ]);
  });

  it("fails the time when the hub's ledger disagrees with the published closes, and reports an error", () => {
    const [time] = deskOpenGoals([{ ...base, ledgerAgrees: false, loads: [load("ws", 100, 1)] }]);
    expect(time?.pass).toBe(false);
    expect(time?.note).toContain("disagrees");
    expect(deskOpenGoals([{ ...base, error: "boom" }])).toEqual([
      expect.objectContaining({ measured: "n/a", pass: null, note: "boom" }),
    ]);
    expect(deskOpenGoals([])).toEqual([]);
  });
});
