import { describe, expect, it } from "bun:test";
import { baselineOf, renderJson, renderMarkdown, scaleTable } from "./report.ts";
import type { BenchReport, StreamResult } from "./results.ts";
import type { TargetName } from "./targets/registry.ts";

function fan(target: TargetName, deliveriesPerSec: number, extra: Partial<StreamResult> = {}): StreamResult {
  return {
    workload: "fanout",
    target,
    clients: 1000,
    connected: 1000,
    connectFailed: 0,
    published: 10_000,
    publishPerSec: 1000,
    offeredPerSec: 1e6,
    deliveriesPerSec,
    peakPerSec: deliveriesPerSec,
    latencyMs: { count: 5, min: 1, p50: 12, p99: 80, max: 95, mean: 14 },
    lost: 0,
    duplicates: 0,
    disconnects: 0,
    meanEventChars: 200,
    resources: { serverCpuPct: 90, serverRssMB: 40, serverPeakRssMB: 41, loadgenCpuPct: 50, otherCpuPct: Number.NaN },
    ...extra,
  };
}

const report: BenchReport = {
  machine: {
    nproc: 2,
    cpuModel: "AMD EPYC",
    memGB: 23.5,
    kernel: "6.1",
    bun: "1.4.4",
    node: "v20.20.2",
    date: "2026-01-01T00:00:00.000Z",
    loadAvgAtStart: [0.5, 0.4, 0.3],
  },
  profile: "quick",
  settings: { fanout: { rate: 1000, measureMs: 3000 }, burst: { durationMs: 2000 } },
  fanout: [
    fan("ceiling-ws", 1_000_000),
    fan("hub-ws", 900_000),
    fan("socketio", 100_000),
    fan("hub-sse", 0, { error: "hub crashed" }),
  ],
  burst: [],
  scale: [],
  ingest: [{ target: "hub", mode: "batch-1000", eventsPerSec: 60_000, accepted: 120_000, failed: 0 }],
  storm: [],
  idle: [],
  desk: [],
  verdicts: [{ goal: "g", measured: "0.90×", required: "≥ 0.8×", pass: true, note: "" }],
  notes: ["measured on a laptop"],
  durationS: 93,
};

describe("renderMarkdown", () => {
  const md = renderMarkdown(report);
  const row = (target: string) => md.split("\n").find((l) => l.startsWith(`| ${target} |`)) ?? "";

  it("heads the report with the machine and runtimes", () => {
    expect(md).toContain("# Tickerwire benchmark (quick run, 2026-01-01T00:00:00.000Z)");
    expect(md).toContain("2 × AMD EPYC");
    expect(md).toContain("Bun 1.4.4, Node v20.20.2");
  });
  it("shows each target's deliveries as a ratio to its bare baseline and the hub's to Socket.IO", () => {
    expect(row("hub-ws")).toContain("| 900,000 |");
    expect(row("hub-ws")).toContain("| 0.90× | 9.00× |");
    expect(row("socketio")).toContain("| 0.10× | – |");
  });
  it("shows goals with PASS/FAIL, lists failed runs and writes unknowns as a dash", () => {
    expect(md).toContain("| g | 0.90× | ≥ 0.8× | PASS |  |");
    expect(md).toContain("- hub-sse: hub crashed");
    expect(row("ceiling-ws").trimEnd().endsWith("| – |")).toBe(true); // other CPU unknown
    expect(md).toContain("- measured on a laptop");
  });
  it("marks a burst that stopped at the publisher's event cap", () => {
    const capped = renderMarkdown({ ...report, burst: [fan("hub-ws", 2e6, { workload: "burst", hitEventCap: true })] });
    expect(capped).toContain("| 1,000 (cap) |");
    expect(capped).toContain("(cap): the publisher reached its event cap");
  });
  it("leaves out workloads that did not run", () => {
    expect(md).not.toContain("## Burst");
    expect(md).toContain("## Ingest");
  });
});

describe("renderJson", () => {
  it("writes NaN as null so the file is valid JSON", () => {
    const parsed = JSON.parse(renderJson(report));
    expect(parsed.fanout[0].resources.otherCpuPct).toBeNull();
    expect(parsed.fanout[1].deliveriesPerSec).toBe(900_000);
  });
});

describe("baselineOf", () => {
  it("compares WebSocket targets with ceiling-ws and SSE with ceiling-sse", () => {
    expect(baselineOf("hub-ws")).toBe("ceiling-ws");
    expect(baselineOf("socketio")).toBe("ceiling-ws");
    expect(baselineOf("hub-sse")).toBe("ceiling-sse");
    expect(baselineOf("ceiling-ws")).toBeNull();
  });
});

describe("scale-out section", () => {
  const scale = [
    fan("hub-ws", 800_000, { workload: "scale", instances: 1 }),
    fan("hub-redis-1", 400_000, {
      workload: "scale",
      instances: 1,
      latencyMs: { count: 5, min: 1, p50: 20, p99: 160, max: 200, mean: 25 },
      resources: {
        serverCpuPct: 95,
        serverRssMB: 50,
        serverPeakRssMB: 52,
        loadgenCpuPct: 40,
        otherCpuPct: 3,
        redisCpuPct: 12,
      },
    }),
    fan("hub-redis-2", 0, { workload: "scale", instances: 2, error: "instance b did not start" }),
  ];
  const cells = (md: string, target: string) =>
    (md.split("\n").find((l) => l.startsWith(`| ${target} |`)) ?? "")
      .split(" | ")
      .map((c) => c.replace(/^\| |\s\|$/g, ""));

  it("gives each Redis target's deliveries and p99 as ratios to hub-ws, with instances and redis CPU", () => {
    const md = scaleTable(scale);
    const r1 = cells(md, "hub-redis-1");
    // target, instances, clients, connected, published/s, deliveries/s, × hub-ws, p50, p99, p99 × hub-ws, …
    expect(r1.slice(0, 10)).toEqual([
      "hub-redis-1",
      "1",
      "1,000",
      "1,000",
      "1,000",
      "400,000",
      "0.50×",
      "20",
      "160",
      "2.00×",
    ]);
    expect(r1[15]).toBe("12");
    expect(cells(md, "hub-ws (default engine)")[6]).toBe("1.00×");
    expect(cells(md, "hub-redis-2")[1]).toBe("2");
    expect(md).toContain("- hub-redis-2: instance b did not start");
  });
  it("has no ratio when hub-ws was not measured", () => {
    const md = scaleTable(scale.slice(1));
    expect(cells(md, "hub-redis-1")[6]).toBe("–");
  });
  it("adds a Scale-out (Redis) section only when the workload ran", () => {
    expect(renderMarkdown(report)).not.toContain("Scale-out (Redis)");
    const md = renderMarkdown({ ...report, scale });
    expect(md).toContain("## Scale-out (Redis): 1,000 events/s, 3 s measured after warm-up");
    expect(md.indexOf("Scale-out (Redis)")).toBeLessThan(md.indexOf("## Ingest"));
    expect(md).toContain("## Goals and scale-out figures");
  });
  it("shows a figure without a target as 'figure', not PASS or FAIL", () => {
    const md = renderMarkdown({
      ...report,
      verdicts: [{ goal: "scale-out", measured: "1×", required: "no target", pass: null, info: true, note: "" }],
    });
    expect(md).toContain("| scale-out | 1× | no target | figure |  |");
  });
});
