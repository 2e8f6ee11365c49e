/**
 * Every process the bench starts goes through here: spawned under `ulimit -n` (bash exec keeps the
 * pid), stdout read as lines, stderr to a log file, and killed by pid — one by one at the end of
 * a run, and all that remain on SIGINT, SIGTERM, error or exit.
 */
import { openSync } from "node:fs";
import { join } from "node:path";
import type { Subprocess } from "bun";

export const FD_LIMIT = 65_536;

/** The open-files limit spawned processes actually get (for the report). */
export async function effectiveFdLimit(): Promise<number> {
  const p = Bun.spawn(["bash", "-c", `ulimit -n ${FD_LIMIT} 2>/dev/null || ulimit -n "$(ulimit -Hn)"; ulimit -n`]);
  return Number((await new Response(p.stdout).text()).trim());
}

export class ProcessError extends Error {
  override readonly name = "ProcessError";
}

export interface Tracked {
  name: string;
  pid: number;
  logPath: string;
  /** Next stdout line matching `test`, or a ProcessError on timeout or exit. */
  nextLine(test: (line: string) => boolean, timeoutMs: number): Promise<string>;
  /** Next `{"event": name}` JSON line, parsed. */
  nextEvent<T = Record<string, unknown>>(name: string, timeoutMs: number): Promise<T>;
  /** Writes one JSON command line to stdin. */
  send(cmd: object): void;
  exited: Promise<number>;
}

const live = new Map<number, Subprocess>();

// Niceness of every process started from now on (0 = as the bench itself). A negative value
// (root only) keeps other jobs on a shared machine from starving the targets being compared.
let niceness = 0;
export function setNiceness(n: number): void {
  niceness = n;
}

export interface SpawnOptions {
  env?: Record<string, string>;
  cwd?: string;
  logDir: string;
}

export function spawnTracked(name: string, cmd: string[], opts: SpawnOptions): Tracked {
  const logPath = join(opts.logDir, `${name}-${Date.now()}.log`);
  // Ask for FD_LIMIT open files; where the hard limit is lower and cannot be raised (no
  // CAP_SYS_RESOURCE in a container), take the hard limit.
  const nice = niceness !== 0 ? `nice -n ${niceness} ` : "";
  const raise = `ulimit -n ${FD_LIMIT} 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec ${nice}"$@"`;
  const proc = Bun.spawn(["bash", "-c", raise, name, ...cmd], {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    stdin: "pipe",
    stdout: "pipe",
    stderr: openSync(logPath, "a"),
  });
  live.set(proc.pid, proc);
  const lines: string[] = [];
  // Set while nextLine waits, so new output wakes it at once (an object: TS narrows a `let`).
  const waiter: { wake: (() => void) | null } = { wake: null };
  let ended = false;
  void (async () => {
    const decoder = new TextDecoder();
    let buf = "";
    for await (const chunk of proc.stdout) {
      buf += decoder.decode(chunk, { stream: true });
      const parts = buf.split("\n");
      buf = parts.pop() ?? "";
      lines.push(...parts.filter((l) => l.trim() !== ""));
      waiter.wake?.();
    }
    ended = true;
    waiter.wake?.();
  })();

  async function nextLine(test: (line: string) => boolean, timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = lines.findIndex(test);
      if (i !== -1) return lines.splice(0, i + 1).pop() as string;
      if (ended) {
        const code = await Promise.race([proc.exited, Bun.sleep(1000).then(() => "?")]);
        const tail = (
          await Bun.file(logPath)
            .text()
            .catch(() => "")
        )
          .trim()
          .split("\n")
          .slice(-2)
          .join(" / ");
        throw new ProcessError(
          `${name} exited (code ${code}) before answering: ${tail.slice(0, 300) || "(no stderr)"}`,
        );
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new ProcessError(`${name} did not answer within ${timeoutMs} ms; see ${logPath}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 250));
        waiter.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      waiter.wake = null;
    }
  }

  return {
    name,
    pid: proc.pid,
    logPath,
    nextLine,
    async nextEvent<T>(event: string, timeoutMs: number): Promise<T> {
      const needle = `{"event":"${event}"`;
      return JSON.parse(await nextLine((l) => l.startsWith(needle), timeoutMs)) as T;
    },
    send(cmd: object) {
      proc.stdin.write(`${JSON.stringify(cmd)}\n`);
      proc.stdin.flush();
    },
    exited: proc.exited.finally(() => live.delete(proc.pid)),
  };
}

/** Stops one process by pid: SIGTERM, then SIGKILL after `graceMs`. */
export async function stop(t: Tracked | undefined, graceMs = 3000): Promise<void> {
  if (!t) return;
  const proc = live.get(t.pid);
  if (!proc) return;
  proc.kill("SIGTERM");
  const done = await Promise.race([proc.exited.then(() => true), Bun.sleep(graceMs).then(() => false)]);
  if (!done) {
    proc.kill("SIGKILL");
    await proc.exited;
  }
  live.delete(t.pid);
}

/** Kills every process still running, each by its pid (for SIGINT and error paths). */
export async function stopAll(): Promise<void> {
  await Promise.all([...live.values()].map((p) => stop({ pid: p.pid } as Tracked, 1500)));
}

/** Last resort in an `exit` handler, which cannot wait: SIGKILL each remaining pid. */
export function killAllNow(): void {
  for (const [pid, p] of live) {
    p.kill("SIGKILL");
    live.delete(pid);
  }
}

export function liveCount(): number {
  return live.size;
}
