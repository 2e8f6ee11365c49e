/**
 * The Python client (clients/python/tickerwire.py, standard library only) against real hub
 * processes: its unittest suite; 5,000 events published in batches and consumed over SSE while
 * the hub is SIGKILLed and restarted in the middle (nothing lost, nothing twice); and the
 * documented exception for an invalid batch, a too-large body, an expired token, no token and a
 * token without the publish scope; and the example engine.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { join, resolve } from "node:path";
import { forEachLine } from "../scripts/lib/lines.ts";
import { trackChild, untrackChild } from "./helpers/cleanup.ts";
import { type StartedHub, startHub } from "./helpers/hub.ts";
import { SECRET, token } from "./helpers/security.ts";
import { requireTool, skipWithoutTool } from "./helpers/tools.ts";

setDefaultTimeout(120_000);
const ROOT = resolve(import.meta.dir, "..");
const CLIENT = join(ROOT, "clients/python");

interface Run {
  code: number;
  lines: Record<string, unknown>[];
  stderr: string;
}

/** Runs python3 with `args`, calling `onLine` for each JSON line it prints; resolves at exit. */
async function python(args: string[], onLine: (line: Record<string, unknown>) => void = () => {}): Promise<Run> {
  const proc = Bun.spawn(["python3", ...args], { cwd: ROOT, stdout: "pipe", stderr: "pipe", stdin: "ignore" });
  trackChild(proc.pid, `python3 ${args[0]}`);
  const lines: Record<string, unknown>[] = [];
  const out = forEachLine(proc.stdout, (line) => {
    if (!line.startsWith("{")) return;
    const obj = JSON.parse(line) as Record<string, unknown>;
    lines.push(obj);
    onLine(obj);
  });
  const [code, stderr] = await Promise.all([proc.exited, new Response(proc.stderr).text(), out]);
  untrackChild(proc.pid);
  return { code, lines, stderr };
}

describe.skipIf(skipWithoutTool("python3"))("Python client", () => {
  beforeAll(() => requireTool("python3"));

  test("its unittest suite passes (batching, retries, errors, SSE resume, dead streams, schemas)", async () => {
    const proc = Bun.spawn(["python3", "-m", "unittest", "discover", "-s", join(CLIENT, "tests")], {
      cwd: ROOT,
      stdout: "pipe",
      stderr: "pipe",
    });
    const [code, stderr] = await Promise.all([proc.exited, new Response(proc.stderr).text()]);
    expect(stderr).toMatch(/\nOK\s*$/);
    expect(code).toBe(0);
  });

  describe("against a hub SIGKILLed and restarted mid-stream", () => {
    let hub: StartedHub;
    beforeAll(async () => {
      hub = await startHub({ env: { PUBLISH_RATE: "0", SSE_HEARTBEAT_MS: "1000" } });
    });
    afterAll(() => hub?.dispose());

    test("5,000 events published in batches are all consumed over SSE, once each, in order", async () => {
      let killed: Promise<void> | null = null;
      const run = await python(
        [join(CLIENT, "tests/hub_scenarios.py"), "resume", "--url", hub.url, "--count", "5000"],
        (line) => {
          const p = line.progress as { published: number } | undefined;
          if (p && p.published >= 2000 && !killed) {
            killed = (async () => {
              await hub.kill("SIGKILL");
              await hub.restart();
            })();
          }
        },
      );
      await killed;
      expect(killed).not.toBeNull();
      const result = run.lines.at(-1)?.result as Record<string, number | boolean> | undefined;
      expect({ code: run.code, stderr: run.stderr.slice(-2000) }).toMatchObject({ code: 0 });
      console.log(`python resume: ${JSON.stringify(result)}`);
      expect(result).toMatchObject({
        events: 5000,
        acked: 5000,
        received: 5000,
        lost: 0,
        duplicated: 0,
        in_order: true,
        acked_not_received: 0,
      });
      expect(result?.reconnects as number).toBeGreaterThanOrEqual(1);
    });
  });

  describe("against a hub with AUTH=jwt", () => {
    let hub: StartedHub;
    beforeAll(async () => {
      hub = await startHub({ env: { AUTH: "jwt", JWT_SECRET: SECRET } });
    });
    afterAll(() => hub?.dispose());

    test("each refusal raises its documented exception, with the schema issues for an invalid batch", async () => {
      const run = await python([
        join(CLIENT, "tests/hub_scenarios.py"),
        "errors",
        "--url",
        hub.url,
        "--expired",
        await token({ ttlS: -60 }),
        "--publisher",
        await token({ scopes: ["publish"] }),
        "--subscriber",
        await token({ scopes: ["subscribe"] }),
      ]);
      expect({ code: run.code, stderr: run.stderr.slice(-2000) }).toEqual({ code: 0, stderr: "" });
      const byCase = Object.fromEntries(run.lines.map((l) => [l.case, l]));
      expect(byCase.invalid).toMatchObject({ exception: "InvalidEventError", status: 400, code: "invalid_event" });
      expect(byCase.invalid?.issues).toContainEqual(expect.objectContaining({ index: 0, path: ["data", "action"] }));
      expect(byCase.invalid?.issues).toContainEqual(
        expect.objectContaining({ index: 0, path: ["data", "confidence"] }),
      );
      expect(byCase.too_large).toMatchObject({ exception: "PayloadTooLargeError", status: 413 });
      expect(byCase.expired_publish).toMatchObject({
        exception: "TokenExpiredError",
        status: 401,
        code: "token_expired",
      });
      expect(byCase.expired_subscribe).toMatchObject({ exception: "TokenExpiredError", status: 401 });
      expect(byCase.no_token).toMatchObject({ exception: "UnauthorizedError", status: 401, code: "unauthorized" });
      expect(byCase.no_publish_scope).toMatchObject({ exception: "ForbiddenError", status: 403, code: "forbidden" });
      expect(byCase.valid).toMatchObject({ exception: null });
    });

    test("the example engine publishes signals and trades with a publish token", async () => {
      const engine = Bun.spawn(
        ["python3", join(CLIENT, "example_engine.py"), "--url", hub.url, "--seconds", "1.5", "--rate", "400"],
        { cwd: ROOT, stdout: "pipe", stderr: "pipe", env: { ...process.env, TICKERWIRE_TOKEN: await token() } },
      );
      trackChild(engine.pid, "python3 example_engine.py");
      const [code, out, err] = await Promise.all([
        engine.exited,
        new Response(engine.stdout).text(),
        new Response(engine.stderr).text(),
      ]);
      untrackChild(engine.pid);
      expect({ code, err }).toEqual({ code: 0, err: "" });
      expect(Number(out.match(/published (\d+) events/)?.[1])).toBeGreaterThan(0);
    });
  });
});
