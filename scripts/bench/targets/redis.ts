/**
 * The private redis-server behind the hub-redis-* targets: started by the bench on a free port of
 * 127.0.0.1 with its own data dir in the run's tmp dir, stopped by pid with the run.
 */
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { spawnTracked, type Tracked } from "../processes.ts";

/**
 * AOF on, fsync once a second, no RDB snapshots. `always` would make every publish wait for an
 * fsync, so ingest would measure the disk rather than the bus; `everysec` is Redis's default
 * trade-off (at most about a second of acknowledged events lost on a power cut).
 */
export const REDIS_FSYNC = "everysec";

export class RedisUnavailableError extends Error {
  override readonly name = "RedisUnavailableError";
}

/** redis-server's arguments for one private server. Pure. */
export function redisServerArgs(port: number, dir: string): string[] {
  return [
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--dir",
    dir,
    "--save",
    "",
    "--appendonly",
    "yes",
    "--appendfsync",
    REDIS_FSYNC,
    "--daemonize",
    "no",
    "--loglevel",
    "notice",
  ];
}

/** Whether `redis-server` is on PATH (else the Redis targets are skipped). */
export function redisAvailable(): boolean {
  return Bun.which("redis-server") !== null;
}

/** A port that was free a moment ago (another process could still take it: callers retry). */
export function freePort(): number {
  const l = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = l.port;
  l.stop(true);
  return port;
}

export interface StartedRedis {
  proc: Tracked;
  url: string;
}

/** Starts redis-server and waits for "Ready to accept connections" (3 tries at a free port). */
export async function startRedis(tmpDir: string, track: (p: Tracked) => Tracked): Promise<StartedRedis> {
  const bin = Bun.which("redis-server");
  if (!bin) throw new RedisUnavailableError("redis-server is not on PATH");
  const dir = mkdtempSync(join(tmpDir, "redis-"));
  let last = "";
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = freePort();
    const proc = track(spawnTracked("redis-server", [bin, ...redisServerArgs(port, dir)], { logDir: tmpDir }));
    try {
      await proc.nextLine((l) => l.includes("Ready to accept connections"), 10_000);
      return { proc, url: `redis://127.0.0.1:${port}` };
    } catch (e) {
      last = e instanceof Error ? e.message : String(e);
    }
  }
  throw new RedisUnavailableError(`redis-server did not start: ${last}`);
}
