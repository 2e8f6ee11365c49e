/**
 * `bun run dev`: the server with --watch (dashboard hot reload comes from Bun's HTML import in
 * development) and, once it is listening, the simulator feeding it. Output is prefixed per child;
 * Ctrl-C / SIGTERM is forwarded to both by pid; if one dies, the other is stopped and we exit 1.
 */
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { forEachLine, linePrefix } from "./lib/lines.ts";
import { parseListeningLine } from "./lib/listening.ts";

const ROOT = resolve(import.meta.dir, "..");
const PORT = process.env.PORT ?? "8080";
const DB_PATH = process.env.DB_PATH ?? ".data/dev.db";
const STOP_GRACE_MS = 10_000;
const WIDTH = "server".length;

interface Child {
  name: string;
  proc: Bun.Subprocess<"ignore", "pipe", "pipe">;
}
const children: Child[] = [];
let stopping = false;

function start(name: string, cmd: string[], env: Record<string, string>, onLine?: (line: string) => void): Child {
  const proc = Bun.spawn(cmd, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const prefix = linePrefix(name, WIDTH);
  void forEachLine(proc.stdout, (line) => {
    process.stdout.write(`${prefix}${line}\n`);
    onLine?.(line);
  });
  void forEachLine(proc.stderr, (line) => process.stderr.write(`${prefix}${line}\n`));
  const child = { name, proc };
  children.push(child);
  void proc.exited.then((code) => onExit(child, code));
  return child;
}

/** Stops every live child by pid (signal, then SIGKILL after a grace period) and exits. */
async function stopAll(signal: NodeJS.Signals, exitCode: number): Promise<never> {
  stopping = true;
  for (const c of children) if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill(signal);
  const killer = setTimeout(() => {
    for (const c of children) if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill("SIGKILL");
  }, STOP_GRACE_MS);
  await Promise.all(children.map((c) => c.proc.exited));
  clearTimeout(killer);
  process.exit(exitCode);
}

function onExit(child: Child, code: number): void {
  if (stopping) return;
  console.error(
    `${linePrefix("dev", WIDTH)}${child.name} exited (${child.proc.signalCode ?? code}); stopping the rest`,
  );
  void stopAll("SIGTERM", code === 0 ? 1 : code);
}

for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, () => {
    if (!stopping) void stopAll(sig, 0);
  });
}

mkdirSync(dirname(resolve(ROOT, DB_PATH)), { recursive: true });
let simulatorStarted = false;
start("server", ["bun", "--watch", "apps/server/src/main.ts"], { NODE_ENV: "development", PORT, DB_PATH }, (line) => {
  // --watch restarts the server on edits and it prints `listening` again: start the simulator once.
  const ready = parseListeningLine(line);
  if (!ready || simulatorStarted || stopping) return;
  simulatorStarted = true;
  console.log(`Dashboard: http://localhost:${ready.port}`);
  start("sim", ["bun", "apps/simulator/src/cli.ts", "simulate", "--url", ready.url], {});
});
