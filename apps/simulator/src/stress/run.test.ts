import { afterAll, describe, expect, it } from "bun:test";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FakeStreamHub, StreamHubFaults } from "../../test/fake-stream-hub.ts";
import { startFakeStreamHub } from "../../test/fake-stream-hub.ts";
import type { StressArgs } from "./args.ts";
import { parseStressArgs } from "./args.ts";
import type { StressReport } from "./report.ts";
import { runStress } from "./run.ts";

const hubs: FakeStreamHub[] = [];
afterAll(() => {
  for (const h of hubs) h.stop();
});

async function stress(faults: StreamHubFaults, flags: string[], durationS = 1) {
  const hub = startFakeStreamHub(faults);
  hubs.push(hub);
  const json = join(tmpdir(), `stress-${crypto.randomUUID()}.json`);
  const args: StressArgs = parseStressArgs([
    "--url",
    hub.url,
    "--duration",
    String(durationS),
    "--rate",
    "200",
    "--drain",
    "3",
    "--json",
    json,
    ...flags,
  ]);
  const out: string[] = [];
  const err: string[] = [];
  const code = await runStress(
    args,
    { out: (l) => void out.push(l), err: (l) => void err.push(l), status: () => {} },
    new AbortController().signal,
  );
  const report = (await Bun.file(json).json()) as StressReport;
  return { code, report, text: out.join("\n"), err, hub };
}

describe("stress run (against a miniature hub)", () => {
  it("passes with SDK clients on both transports, with churn, and writes the JSON report", async () => {
    const { code, report, text, hub } = await stress({}, ["--ws", "4", "--sse", "2", "--churn", "30"], 2.5);
    expect(code).toBe(0);
    expect(report.ok).toBe(true);
    expect(report.published.events).toBe(hub.events.length);
    expect(report.published.events).toBeGreaterThan(150);
    expect(report.transports.ws).toMatchObject({ clients: 4, connected: 4, lost: 0, duplicated: 0, reordered: 0 });
    expect(report.transports.sse).toMatchObject({ clients: 2, connected: 2, lost: 0 });
    expect(report.transports.sse.deliveries).toBeGreaterThan(0);
    expect(report.reconnects).toBeGreaterThan(0);
    expect(report.latencyMs.count).toBe(report.deliveries.total);
    expect(report.hub?.rssEndBytes).toBeGreaterThan(0);
    expect(text).toContain("RESULT: OK");
    expect(text).toContain("latency histogram:");
  });

  it("passes with raw clients and slow ones, which are not counted", async () => {
    const { code, report } = await stress(
      {},
      ["--client", "raw", "--ws", "3", "--sse", "3", "--slow", "2", "--churn", "30", "--workers", "3"],
      2.5,
    );
    expect(code).toBe(0);
    expect(report.config.workers).toBe(3);
    expect(report.transports.ws).toMatchObject({ connected: 2, lost: 0, duplicated: 0, reordered: 0 });
    expect(report.transports.sse).toMatchObject({ connected: 2, lost: 0, duplicated: 0, reordered: 0 });
    expect(report.latencyMs.count).toBe(report.deliveries.total);
    expect(report.slow.clients).toBe(2);
    expect(report.transports.ws.clients + report.transports.sse.clients).toBe(4);
    expect(report.reconnects).toBeGreaterThan(0);
  });

  it("fails with exit code 1 when the hub drops events for a client", async () => {
    const { code, report, text } = await stress({ dropEvery: 5 }, ["--client", "raw", "--ws", "2", "--sse", "0"]);
    expect(code).toBe(1);
    expect(report.ok).toBe(false);
    expect(report.transports.ws.lost).toBeGreaterThan(0);
    expect(report.transports.ws.clientsWithProblems).toBe(1);
    expect(text).toContain("RESULT: FAILED — ws:");
  });

  it("fails when the hub duplicates events (raw clients see the hub's output as is)", async () => {
    const { code, report } = await stress({ duplicate: true }, ["--client", "raw", "--ws", "0", "--sse", "2"]);
    expect(code).toBe(1);
    expect(report.transports.sse.duplicated).toBeGreaterThan(0);
  });
});

describe("stress run: refusing to start", () => {
  const io = () => {
    const err: string[] = [];
    return { err, io: { out: () => {}, err: (l: string) => void err.push(l) } };
  };

  it("stops plainly when the open-file limit is too low for the clients", async () => {
    const { err, io: sink } = io();
    const code = await runStress(parseStressArgs(["--ws", "100000", "--sse", "0"]), sink, new AbortController().signal);
    expect(code).toBe(3);
    expect(err.join("\n")).toMatch(/open-file limit \d+ is too low for 100000 clients/);
  });

  it("stops plainly when the hub does not answer", async () => {
    const { err, io: sink } = io();
    const code = await runStress(parseStressArgs(["--url", "http://127.0.0.1:9"]), sink, new AbortController().signal);
    expect(code).toBe(3);
    expect(err[0]).toContain("is not answering /api/v1/health");
  });
});
