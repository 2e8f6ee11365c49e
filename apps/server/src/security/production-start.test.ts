import { afterEach, describe, expect, it } from "bun:test";
import { join } from "node:path";

const MAIN = join(import.meta.dir, "..", "main.ts");
const children: Bun.Subprocess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill("SIGKILL");
});

function spawnMain(env: Record<string, string>) {
  const child = Bun.spawn(["bun", MAIN], {
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      LOG_LEVEL: "warn",
      DASHBOARD: "off",
      PORT: "0",
      DB_PATH: ":memory:",
      ...env,
    },
    stdout: "pipe",
    stderr: "pipe",
  });
  children.push(child);
  return child;
}

async function firstStderrLine(child: Bun.Subprocess<"ignore", "pipe", "pipe">): Promise<string> {
  const reader = child.stderr.getReader();
  let text = "";
  const deadline = Date.now() + 10_000;
  while (!text.includes("\n") && Date.now() < deadline) {
    const r = await Promise.race([reader.read(), Bun.sleep(deadline - Date.now()).then(() => null)]);
    if (!r || r.done) break;
    text += new TextDecoder().decode(r.value);
  }
  return text.split("\n")[0] ?? "";
}

describe("production start", () => {
  it("refuses to run without an auth choice, naming AUTH (exit 2)", async () => {
    const child = spawnMain({ NODE_ENV: "production" });
    expect(await child.exited).toBe(2);
    expect(await new Response(child.stderr).text()).toContain("AUTH must be set in production");
  });
  it("runs with AUTH=off given explicitly, and warns loudly", async () => {
    const child = spawnMain({ NODE_ENV: "production", AUTH: "off" }) as Bun.Subprocess<"ignore", "pipe", "pipe">;
    expect(await firstStderrLine(child)).toContain("WARNING: AUTH=off in production");
  });
  it("refuses AUTH=jwt without a key", async () => {
    const child = spawnMain({ NODE_ENV: "production", AUTH: "jwt" });
    expect(await child.exited).toBe(2);
    expect(await new Response(child.stderr).text()).toContain("JWT_SECRET");
  });
  it("starts in development with auth off by default", async () => {
    const child = spawnMain({ NODE_ENV: "development" }) as Bun.Subprocess<"ignore", "pipe", "pipe">;
    const reader = child.stdout.getReader();
    const r = await Promise.race([reader.read(), Bun.sleep(10_000).then(() => null)]);
    expect(new TextDecoder().decode(r?.value)).toStartWith("listening http://");
  });
});
