/**
 * `bun run dev` (scripts/dev.ts): starts the server, then the simulator once the server listens,
 * prefixes their output, forwards SIGTERM and exits when both stopped; if one child dies it stops
 * the other and exits non-zero.
 */
import { afterEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { forEachLine } from "../scripts/lib/lines.ts";
import { trackChild, untrackChild } from "./helpers/cleanup.ts";
import { health } from "./helpers/publish.ts";
import { waitUntil, withTimeout } from "./helpers/wait.ts";

setDefaultTimeout(60_000);
const ROOT = resolve(import.meta.dir, "..");

/** Direct children of a pid (Linux /proc). */
function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

let dir = "";
let proc: Bun.Subprocess<"ignore", "pipe", "pipe"> | null = null;
afterEach(async () => {
  if (proc && proc.exitCode === null) {
    for (const c of childrenOf(proc.pid)) process.kill(c, "SIGKILL");
    proc.kill("SIGKILL");
    await proc.exited;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function startDev() {
  dir = mkdtempSync(join(tmpdir(), "tw-dev-"));
  // PORT=0: the server binds a free port itself (a port picked here could be taken before it binds);
  // dev prints the one it got.
  const p = Bun.spawn(["bun", "scripts/dev.ts"], {
    cwd: ROOT,
    env: { ...process.env, PORT: "0", DB_PATH: join(dir, "dev.db") },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  proc = p;
  trackChild(p.pid, "bun scripts/dev.ts");
  void p.exited.then(() => untrackChild(p.pid));
  const lines: string[] = [];
  void forEachLine(p.stdout, (l) => lines.push(l));
  void forEachLine(p.stderr, (l) => lines.push(l));
  const port = await waitUntil(
    () => {
      if (p.exitCode !== null) throw new Error(`dev exited (${p.exitCode}) before it was ready:\n${lines.join("\n")}`);
      for (const l of lines) {
        const m = /^Dashboard: http:\/\/localhost:(\d+)$/.exec(l);
        if (m) return Number(m[1]);
      }
      return undefined;
    },
    { timeoutMs: 30_000, what: "the Dashboard line" },
  ).catch((e) => {
    throw new Error(`${(e as Error).message}\n${lines.join("\n")}`);
  });
  return { p, url: `http://127.0.0.1:${port}`, port, lines };
}

describe("bun run dev", () => {
  test("runs the server and a simulator that feeds it, with prefixed output, and stops both on SIGTERM", async () => {
    const { p, url, port, lines } = await startDev();
    // The Dashboard line names the port the server really listens on.
    expect(port).toBeGreaterThan(0);
    expect(lines.some((l) => new RegExp(`^\\[server\\]\\s+listening http://127\\.0\\.0\\.1:${port}$`).test(l))).toBe(
      true,
    );
    // The simulator publishes: the hub's seq grows.
    const first = (await health(url)).body.current_seq;
    await waitUntil(async () => (await health(url)).body.current_seq > first, {
      timeoutMs: 20_000,
      what: "simulated events",
    });
    expect(lines.some((l) => l.startsWith("[sim]"))).toBe(true);

    const kids = childrenOf(p.pid);
    expect(kids).toHaveLength(2);
    p.kill("SIGTERM");
    expect(await withTimeout(p.exited, 15_000, "dev to exit after SIGTERM")).toBe(0);
    for (const k of kids) expect(alive(k)).toBe(false);
  });

  test("stops the server and exits non-zero when the simulator dies", async () => {
    const { p } = await startDev();
    const kids = childrenOf(p.pid);
    expect(kids).toHaveLength(2);
    const [server, sim] = kids as [number, number];
    process.kill(sim, "SIGKILL");
    expect(await withTimeout(p.exited, 15_000, "dev to exit after its simulator died")).not.toBe(0);
    expect(alive(server)).toBe(false);
  });
});
