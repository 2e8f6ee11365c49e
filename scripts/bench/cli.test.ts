import { describe, expect, it } from "bun:test";
import { CliError, parseArgs, reportBaseName, targetsFor } from "./cli.ts";

describe("parseArgs", () => {
  it("runs everything in full by default", () => {
    const o = parseArgs([]);
    expect(o.quick).toBe(false);
    expect(o.targets).toEqual([
      "ceiling-ws",
      "hub-ws",
      "socketio",
      "ceiling-sse",
      "hub-sse",
      "hub-redis-1",
      "hub-redis-2",
    ]);
    expect(o.workloads).toEqual([
      "fanout",
      "burst",
      "ingest",
      "storm",
      "idle",
      "scale",
      "desk",
      "desk-open",
      "firstload",
      "resume",
      "browser",
    ]);
    expect(o.out).toBe("bench/results");
    expect(o.repeat).toBe(1);
  });
  it("reads --nice as a niceness", () => {
    expect(parseArgs([]).nice).toBe(0);
    expect(parseArgs(["--nice", "-10"]).nice).toBe(-10);
    expect(() => parseArgs(["--nice", "-40"])).toThrow("--nice needs a niceness from -19 to 19");
  });
  it("reads --repeat within 1 to 10", () => {
    expect(parseArgs(["--repeat", "3"]).repeat).toBe(3);
    expect(() => parseArgs(["--repeat", "0"])).toThrow("--repeat needs a number from 1 to 10");
    expect(() => parseArgs(["--repeat", "x"])).toThrow(CliError);
  });
  it("reads --quick, --only and --workload, with aliases, in canonical order", () => {
    const o = parseArgs(["--quick", "--only", "hub-sse,ceiling-ws", "--workload=idle-memory,fan-out"]);
    expect(o.quick).toBe(true);
    expect(o.targets).toEqual(["ceiling-ws", "hub-sse"]);
    expect(o.workloads).toEqual(["fanout", "idle"]);
    expect(parseArgs(["--only", "hub"]).targets).toEqual(["hub-ws", "hub-sse"]);
  });
  it("names the bad argument", () => {
    expect(() => parseArgs(["--only", "nginx"])).toThrow(
      new CliError(
        '--only: unknown "nginx" (known: ceiling-ws, hub-ws, socketio, ceiling-sse, hub-sse, hub-redis-1, hub-redis-2)',
      ),
    );
    expect(() => parseArgs(["--workload"])).toThrow("--workload needs a value");
    expect(() => parseArgs(["--fast"])).toThrow('unknown argument "--fast"');
  });
});

describe("targetsFor", () => {
  it("runs ingest once, on the hub, and only when a hub target is selected", () => {
    expect(targetsFor("ingest", ["ceiling-ws", "hub-sse"])).toEqual(["hub-ws"]);
    expect(targetsFor("ingest", ["ceiling-ws"])).toEqual([]);
  });
  it("loads the dashboard once, from the hub", () => {
    expect(targetsFor("firstload", ["ceiling-ws", "hub-sse"])).toEqual(["hub-ws"]);
    expect(targetsFor("firstload", ["ceiling-sse"])).toEqual([]);
  });
  it("storms only the WebSocket targets", () => {
    expect(targetsFor("storm", ["ceiling-ws", "hub-ws", "socketio", "ceiling-sse", "hub-sse"])).toEqual([
      "ceiling-ws",
      "hub-ws",
      "socketio",
    ]);
  });
});

describe("scale-out selection", () => {
  it("runs the Redis targets in the scale workload only, after hub-ws", () => {
    const all = parseArgs([]).targets;
    expect(targetsFor("scale", all)).toEqual(["hub-ws", "hub-redis-1", "hub-redis-2"]);
    expect(targetsFor("fanout", all)).toEqual(["ceiling-ws", "hub-ws", "socketio", "ceiling-sse", "hub-sse"]);
    expect(targetsFor("idle", ["hub-redis-1"])).toEqual([]);
    expect(targetsFor("ingest", ["hub-redis-2"])).toEqual([]);
  });
  it("reads --workload scale and the redis alias", () => {
    expect(parseArgs(["--workload", "scale-out"]).workloads).toEqual(["scale"]);
    expect(parseArgs(["--only", "redis,hub-ws"]).targets).toEqual(["hub-ws", "hub-redis-1", "hub-redis-2"]);
  });
});

describe("reportBaseName", () => {
  it("keeps report for a run of every workload, and names a partial run after its workloads", () => {
    expect(reportBaseName(parseArgs([]).workloads)).toBe("report");
    expect(reportBaseName(["scale"])).toBe("report-scale");
    expect(reportBaseName(["idle", "fanout"])).toBe("report-fanout-idle");
  });
});
