/**
 * What one stream run talks to: the target's server processes (two hubs for hub-redis-2) and, for
 * the Redis targets, the private redis-server they share. Every process is handed to `track`, so
 * the run's scope stops them all by pid.
 */
import type { Tracked } from "../processes.ts";
import { startRedis } from "./redis.ts";
import { type RunDirs, SPECS, startServer, type TargetName } from "./registry.ts";

/** Key prefix the instances of one bench hub share on Redis (the private server is empty anyway). */
export const BENCH_KEY_PREFIX = "twbench";

export interface Deployment {
  /** Base URLs (`http://host:port`) of the server processes, instance a first. */
  bases: string[];
  /** The publisher's target: instance a (the only one published to). */
  publishBase: string;
  serverPids: number[];
  /** redis-server, when there is one. */
  redisPid: number | null;
}

/** Instance ids, a, b, …: what each hub of a multi-instance target is called. Pure. */
export function instanceIds(n: number): string[] {
  return Array.from({ length: n }, (_, i) => String.fromCharCode(97 + i));
}

export async function startDeployment(
  target: TargetName,
  dirs: RunDirs,
  track: <P extends Tracked>(p: P) => P,
  hubEnv: Record<string, string> = {},
): Promise<Deployment> {
  const spec = SPECS[target];
  if (spec.bus !== "redis") {
    const server = await startServer(target, dirs, spec.isHub ? hubEnv : {});
    track(server.proc);
    return { bases: [server.base], publishBase: server.base, serverPids: [server.proc.pid], redisPid: null };
  }
  const redis = await startRedis(dirs.tmpDir, track);
  const bases: string[] = [];
  const serverPids: number[] = [];
  // One after the other: instance b then finds the stream instance a created.
  for (const id of instanceIds(spec.instances)) {
    const env = { ...hubEnv, BUS: "redis", REDIS_URL: redis.url, REDIS_KEY_PREFIX: BENCH_KEY_PREFIX, INSTANCE_ID: id };
    const server = await startServer(target, dirs, env, `${target}-${id}`);
    track(server.proc);
    bases.push(server.base);
    serverPids.push(server.proc.pid);
  }
  return { bases, publishBase: bases[0] as string, serverPids, redisPid: redis.proc.pid };
}
