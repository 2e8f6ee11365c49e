/**
 * Starts the real server (`bun apps/server/src/main.ts`) as a separate process on a free port and
 * waits for its one stdout line `listening http://HOST:PORT`. Captures its logs, stops it by pid,
 * and restarts it on the same port and database (for restart/resume scenarios).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { forEachLine } from "../../scripts/lib/lines.ts";
import { parseListeningLine } from "../../scripts/lib/listening.ts";
import { trackChild, untrackChild } from "./cleanup.ts";

const ROOT = resolve(import.meta.dir, "../..");
/** The server entry; TICKERWIRE_SERVER_ENTRY runs the suite against another build (e.g. a bundle). */
const SERVER_MAIN = process.env.TICKERWIRE_SERVER_ENTRY ?? join(ROOT, "apps/server/src/main.ts");

export interface HubOptions {
  /** Extra environment for the server (overrides the defaults below). */
  env?: Record<string, string>;
  /** SQLite file (or ":memory:"). Default: a fresh file in a temp dir removed on stop. */
  dbPath?: string;
  /** How long to wait for the `listening` line. */
  startTimeoutMs?: number;
}

export interface Hub {
  /** Base URL, e.g. `http://127.0.0.1:43121` (the same after `restart()`). */
  readonly url: string;
  readonly port: number;
  /** Pid of the current server process. */
  readonly pid: number;
  readonly dbPath: string;
  /** Every stdout / stderr line of every run so far. */
  readonly stdout: string[];
  readonly stderr: string[];
  /** Resolves with the current process's exit code. */
  readonly exited: Promise<number>;
  /** SIGTERM, wait for exit (SIGKILL after `timeoutMs`); resolves with the exit code. Idempotent. */
  stop(timeoutMs?: number): Promise<number>;
  /** Sends a signal by pid; resolves with the exit code once it has exited. */
  kill(signal: NodeJS.Signals): Promise<number>;
  /** Graceful stop, then start again on the same port with the same database and env. */
  restart(): Promise<void>;
  /** The last lines of the logs, for assertion messages. */
  logTail(lines?: number): string;
}

/** What `startHub` returns: a hub the test file owns and disposes of in afterAll. */
export type StartedHub = Hub & { dispose(): Promise<void> };

export class HubStartError extends Error {
  override readonly name = "HubStartError";
}

/** Defaults for every test hub; `options.env` overrides them. */
function baseEnv(port: number, dbPath: string): Record<string, string> {
  return {
    PORT: String(port),
    HOST: "127.0.0.1",
    DB_PATH: dbPath,
    NODE_ENV: "production",
    AUTH: "off", // production refuses to start without an explicit auth choice; suites opt in to jwt
    // Protocol tests do not need the dashboard bundle; browser tests turn it on.
    DASHBOARD: "off",
  };
}

class HubProcess implements Hub {
  url = "";
  port = 0;
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  private proc: Bun.Subprocess<"ignore", "pipe", "pipe"> | null = null;
  private readonly ownDir: string | null;
  readonly dbPath: string;

  constructor(private readonly options: HubOptions) {
    this.ownDir = options.dbPath ? null : mkdtempSync(join(tmpdir(), "tw-hub-"));
    this.dbPath = options.dbPath ?? join(this.ownDir as string, "hub.db");
  }

  get pid(): number {
    return this.proc?.pid ?? -1;
  }

  get exited(): Promise<number> {
    return this.proc?.exited ?? Promise.resolve(0);
  }

  async start(port: number): Promise<void> {
    const env = { ...process.env, ...baseEnv(port, this.dbPath), ...this.options.env };
    const proc = Bun.spawn(["bun", SERVER_MAIN], { cwd: ROOT, env, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
    this.proc = proc;
    trackChild(proc.pid, `hub ${SERVER_MAIN}`);
    void proc.exited.then(() => untrackChild(proc.pid));

    const timeoutMs = this.options.startTimeoutMs ?? 15_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ready = new Promise<{ url: string; port: number }>((resolveReady, reject) => {
      void forEachLine(proc.stdout, (line) => {
        this.stdout.push(line);
        const l = parseListeningLine(line);
        if (l) resolveReady(l);
      });
      void forEachLine(proc.stderr, (line) => this.stderr.push(line));
      void proc.exited.then((code) =>
        reject(new HubStartError(`server exited with code ${code} before listening\n${this.logTail()}`)),
      );
      timer = setTimeout(
        () => reject(new HubStartError(`no "listening" line within ${timeoutMs} ms\n${this.logTail()}`)),
        timeoutMs,
      );
    });
    try {
      const l = await ready;
      this.url = l.url;
      this.port = l.port;
    } catch (e) {
      proc.kill("SIGKILL");
      await proc.exited;
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }

  async kill(signal: NodeJS.Signals): Promise<number> {
    const proc = this.proc;
    if (!proc) return 0;
    if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    return proc.exited;
  }

  async stop(timeoutMs = 5000): Promise<number> {
    const proc = this.proc;
    if (!proc) return 0;
    const killer = setTimeout(() => proc.kill("SIGKILL"), timeoutMs);
    try {
      return await this.kill("SIGTERM");
    } finally {
      clearTimeout(killer);
    }
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start(this.port);
  }

  /** Stops the server and removes the temp dir it owned (the database with it). */
  async dispose(): Promise<void> {
    await this.stop();
    if (this.ownDir) rmSync(this.ownDir, { recursive: true, force: true });
  }

  logTail(lines = 40): string {
    const tail = (xs: string[]) => xs.slice(-lines).join("\n");
    return `--- server stdout (last ${lines}) ---\n${tail(this.stdout)}\n--- server stderr (last ${lines}) ---\n${tail(this.stderr)}`;
  }
}

/**
 * Starts a hub on a free port. Stop it in afterAll (`await hub.stop()`); a process 'exit' hook
 * kills any that a crashed test left behind.
 * @example const hub = await startHub({ env: { SSE_HEARTBEAT_MS: "1000" } });
 */
export async function startHub(options: HubOptions = {}): Promise<StartedHub> {
  const hub = new HubProcess(options);
  try {
    await hub.start(0);
  } catch (e) {
    await hub.dispose(); // the temp dir it made for its database
    throw e;
  }
  return hub;
}
