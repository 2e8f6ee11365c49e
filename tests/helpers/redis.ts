/**
 * A private redis-server for end-to-end tests (AOF, appendfsync always, its own temp dir, a free
 * port), registered with the child-process safety net so a crashed test never leaves it running.
 * The server itself is the bus package's test helper; this only hooks it into tests/helpers.
 */
import {
  type RedisServer,
  skipWithoutRedis,
  startRedisServer as startBare,
} from "../../packages/bus/test/redis-server.ts";
import { trackChild, untrackChild } from "./cleanup.ts";

export type { RedisServer };
export { skipWithoutRedis };

/** Starts one; `dispose()` it in afterAll (kills by pid, removes its dir). */
export function startRedisServer(): Promise<RedisServer> {
  return startBare({
    onSpawn: (pid) => trackChild(pid, "redis-server"),
    onExit: (pid) => untrackChild(pid),
  });
}
