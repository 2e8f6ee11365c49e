import { afterEach, describe, expect, it } from "bun:test";
import { join } from "node:path";
import { TestWs } from "../test/ws-client.ts";

const MAIN = join(import.meta.dir, "main.ts");
const children: Bun.Subprocess[] = [];

function spawnMain(env: Record<string, string>) {
  const child = Bun.spawn(["bun", MAIN], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", LOG_LEVEL: "warn", DASHBOARD: "off", ...env },
    stdout: "pipe",
    stderr: "pipe",
  });
  children.push(child);
  return child;
}

/** Reads stdout until the first line (bounded by `timeoutMs`). */
async function firstLine(
  stream: ReadableStream<Uint8Array>,
  timeoutMs = 10_000,
): Promise<{ line: string; rest: () => Promise<string> }> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const deadline = Date.now() + timeoutMs;
  while (!text.includes("\n")) {
    if (Date.now() > deadline) throw new Error(`no stdout line within ${timeoutMs} ms`);
    const r = await Promise.race([reader.read(), Bun.sleep(deadline - Date.now()).then(() => null)]);
    if (!r || r.done) break;
    text += decoder.decode(r.value, { stream: true });
  }
  const rest = async () => {
    let more = text.slice(text.indexOf("\n") + 1);
    for (;;) {
      const r = await reader.read();
      if (r.done) return more;
      more += decoder.decode(r.value, { stream: true });
    }
  };
  return { line: text.split("\n")[0] ?? "", rest };
}

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill("SIGKILL");
});

describe("main.ts", () => {
  it("refuses a bad variable with exit 2 and exactly one stderr line naming it", async () => {
    const child = spawnMain({ PORT: "eighty", DB_PATH: ":memory:" });
    expect(await child.exited).toBe(2);
    const stderr = await new Response(child.stderr).text();
    const stdout = await new Response(child.stdout).text();
    expect(stdout).toBe("");
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(stderr).toContain("invalid PORT=");
  });

  it("prints exactly one `listening` line, serves, and on SIGTERM closes sockets with 1001 and exits 0", async () => {
    const child = spawnMain({ PORT: "0", DB_PATH: ":memory:", NODE_ENV: "production", AUTH: "off" });
    const { line, rest } = await firstLine(child.stdout);
    const m = /^listening (http:\/\/127\.0\.0\.1:(\d+))$/.exec(line);
    expect(m).not.toBeNull();
    const url = m![1]!;
    expect((await fetch(`${url}/api/v1/health`)).status).toBe(200);
    const ws = await TestWs.connect(`${url.replace("http", "ws")}/ws`);
    child.kill("SIGTERM");
    expect(await child.exited).toBe(0);
    expect((await ws.waitClosed()).code).toBe(1001);
    expect(await rest()).toBe("");
  }, 20_000);
});
