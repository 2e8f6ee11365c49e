/**
 * A short run of the real stress tool (`bun run stress`, apps/simulator) against a real hub
 * process: 200 WebSocket + 50 SSE clients through the client SDK (`--client sdk`), a few seconds of publishing,
 * with clients churning (disconnecting and resuming). Nothing may be lost, duplicated or reordered.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { UNLIMITED_ENV } from "./delivery-guarantees/env.ts";
import { trackChild, untrackChild } from "./helpers/cleanup.ts";
import { type Hub, startHub } from "./helpers/hub.ts";

setDefaultTimeout(120_000);

const ROOT = resolve(import.meta.dir, "..");
let hub: Hub;
let dir: string;

beforeAll(async () => {
  hub = await startHub({ env: { ...UNLIMITED_ENV, LOG_LEVEL: "warn" } });
  dir = mkdtempSync(join(tmpdir(), "tw-stress-"));
});

afterAll(async () => {
  await hub?.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface StressReport {
  ok: boolean;
  problems: string[];
  transports: Record<
    "ws" | "sse",
    { clients: number; connected: number; deliveries: number; lost: number; duplicated: number; reordered: number }
  >;
}

describe("bun run stress", () => {
  test("200 WebSocket + 50 SSE clients with churn: nothing lost, duplicated or reordered", async () => {
    const out = join(dir, "report.json");
    const args = ["--url", hub.url, "--ws", "200", "--sse", "50", "--rate", "200", "--duration", "4"];
    const proc = Bun.spawn(
      ["bun", "apps/simulator/src/cli.ts", "stress", ...args, "--churn", "2", "--client", "sdk", "--json", out],
      {
        cwd: ROOT,
        stdout: "pipe",
        stderr: "pipe",
      },
    );
    trackChild(proc.pid, "stress");
    const [stdout, stderr, code] = await Promise.all([
      new Response(proc.stdout).text(),
      new Response(proc.stderr).text(),
      proc.exited,
    ]);
    untrackChild(proc.pid);
    if (code !== 0) console.error(stdout.slice(-3000), stderr.slice(-2000));
    expect(code).toBe(0);
    const report = JSON.parse(readFileSync(out, "utf8")) as StressReport;
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    for (const t of ["ws", "sse"] as const) {
      const s = report.transports[t];
      expect(s.connected).toBe(s.clients);
      expect(s.deliveries).toBeGreaterThan(0);
      expect({ lost: s.lost, duplicated: s.duplicated, reordered: s.reordered }).toEqual({
        lost: 0,
        duplicated: 0,
        reordered: 0,
      });
    }
    expect(report.transports.ws.clients).toBe(200);
    expect(report.transports.sse.clients).toBe(50);
  });
});
