/**
 * A private, real `redis-server` for tests: a free port on 127.0.0.1, its own temp dir, AOF with
 * `appendfsync always`, no RDB. It can be killed (SIGKILL: acknowledged writes must survive) and
 * started again on the same port and dir. Never touches the shared Redis on 6379.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const REDIS_SERVER = Bun.which("redis-server") ?? "/usr/bin/redis-server";

/** True when `redis-server` can be run here. */
export function hasRedisServer(): boolean {
  return Bun.which("redis-server") !== null;
}

/** For `describe.skipIf`: skip (with a note) when redis-server is missing, but never under CI=true. */
export function skipWithoutRedis(): boolean {
  if (hasRedisServer()) return false;
  const ci = process.env.CI === "true" || process.env.CI === "1";
  if (!ci) console.warn("skipping Redis tests: redis-server is not installed (apt-get install redis-server)");
  return !ci;
}

export interface RedisServerOptions {
  /** Hooks so a harness can kill leftovers on crash (tests/helpers/cleanup.ts). */
  onSpawn?(pid: number): void;
  onExit?(pid: number): void;
  startTimeoutMs?: number;
}

export interface RedisServer {
  readonly port: number;
  readonly url: string;
  readonly dir: string;
  readonly pid: number;
  readonly running: boolean;
  /** Sends a signal (default SIGKILL) and waits for the process to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port and dir (AOF replayed). */
  start(): Promise<void>;
  /** Kills it and removes its dir. Idempotent. */
  dispose(): Promise<void>;
}

/** A port on 127.0.0.1 that nothing listens on (just now). */
export function freePort(): number {
  const l = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = l.port;
  l.stop(true);
  return port;
}

/** One PING over a raw socket: true on +PONG within `ms`. */
async function ping(port: number, ms = 500): Promise<boolean> {
  const { promise, resolve } = Promise.withResolvers<boolean>();
  const timer = setTimeout(() => resolve(false), ms);
  try {
    const socket = await Bun.connect({
      hostname: "127.0.0.1",
      port,
      socket: {
        data: (_s, chunk) => resolve(new TextDecoder().decode(chunk).startsWith("+PONG")),
        close: () => resolve(false),
        error: () => resolve(false),
      },
    });
    socket.write("PING\r\n");
    const ok = await promise;
    socket.end();
    return ok;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), "tw-redis-"));
  const port = freePort();
  let proc: Bun.Subprocess | null = null;
  let disposed = false;

  const server: RedisServer = {
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    get pid() {
      return proc?.pid ?? -1;
    },
    get running() {
      return proc !== null && proc.exitCode === null && proc.signalCode === null;
    },
    async kill(signal: NodeJS.Signals = "SIGKILL") {
      const p = proc;
      if (!p) return;
      if (p.exitCode === null && p.signalCode === null) p.kill(signal);
      await p.exited;
    },
    async start() {
      if (server.running) return;
      const p = Bun.spawn(
        [
          REDIS_SERVER,
          "--port",
          String(port),
          "--bind",
          "127.0.0.1",
          "--save",
          "",
          "--appendonly",
          "yes",
          "--appendfsync",
          "always",
          "--dir",
          dir,
          "--logfile",
          join(dir, "redis.log"),
        ],
        { stdin: "ignore", stdout: "ignore", stderr: "ignore" },
      );
      proc = p;
      options.onSpawn?.(p.pid);
      void p.exited.then(() => options.onExit?.(p.pid));
      const deadline = Date.now() + (options.startTimeoutMs ?? 10_000);
      while (Date.now() < deadline) {
        if (await ping(port)) return;
        if (!server.running) break;
        await Bun.sleep(20);
      }
      const log = await Bun.file(join(dir, "redis.log"))
        .text()
        .catch(() => "");
      await server.kill();
      throw new Error(`redis-server on port ${port} did not answer PING\n${log.slice(-2000)}`);
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      await server.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await server.start();
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return server;
}
