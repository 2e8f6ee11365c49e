/**
 * The targets the bench compares and how each is started, published to and subscribed to.
 * hub-ws and hub-sse are the same hub process measured through its two transports; hub-redis-1/2
 * are the hub with BUS=redis, one or two instances (scale-out workload only, see scale-out.ts).
 */
import { join } from "node:path";
import { spawnTracked, type Tracked } from "../processes.ts";
import { hubLaunch } from "./hub.ts";

/** The targets of fan-out, burst, storm and idle memory. */
export const TARGETS = ["ceiling-ws", "hub-ws", "socketio", "ceiling-sse", "hub-sse"] as const;
/** The scale-out workload's targets: the default engine, then Redis with one and two instances. */
export const SCALE_TARGETS = ["hub-ws", "hub-redis-1", "hub-redis-2"] as const;
export const ALL_TARGETS = [...TARGETS, "hub-redis-1", "hub-redis-2"] as const;
export type TargetName = (typeof ALL_TARGETS)[number];
export type ClientKind = "ws" | "sse" | "sio";

export interface TargetSpec {
  name: TargetName;
  /** Which load process subscribes to it. */
  client: ClientKind;
  isHub: boolean;
  /** Hub processes behind the target (1 but for hub-redis-2). */
  instances: number;
  /** Event bus engine of a hub target (BUS). */
  bus?: "local" | "redis";
  publishPath: string;
  /** URL the load clients connect to, from the server's base `http://host:port`. */
  subscribeUrl(base: string): string;
}

const hubPublish = "/api/v1/events";

export const SPECS: Record<TargetName, TargetSpec> = {
  "ceiling-ws": {
    name: "ceiling-ws",
    client: "ws",
    isHub: false,
    instances: 1,
    publishPath: "/publish",
    subscribeUrl: (b) => `${b.replace(/^http/, "ws")}/ws`,
  },
  "hub-ws": {
    name: "hub-ws",
    client: "ws",
    isHub: true,
    instances: 1,
    bus: "local",
    publishPath: hubPublish,
    subscribeUrl: (b) => `${b.replace(/^http/, "ws")}/ws?topics=system.alert`,
  },
  socketio: {
    name: "socketio",
    client: "sio",
    isHub: false,
    instances: 1,
    publishPath: "/publish",
    subscribeUrl: (b) => b,
  },
  "ceiling-sse": {
    name: "ceiling-sse",
    client: "sse",
    isHub: false,
    instances: 1,
    publishPath: "/publish",
    subscribeUrl: (b) => `${b}/sse`,
  },
  "hub-sse": {
    name: "hub-sse",
    client: "sse",
    isHub: true,
    instances: 1,
    bus: "local",
    publishPath: hubPublish,
    subscribeUrl: (b) => `${b}/sse?topics=system.alert`,
  },
  "hub-redis-1": { ...hubRedis("hub-redis-1"), instances: 1 },
  "hub-redis-2": { ...hubRedis("hub-redis-2"), instances: 2 },
};

function hubRedis(name: TargetName): Omit<TargetSpec, "instances"> {
  return {
    name,
    client: "ws",
    isHub: true,
    bus: "redis",
    publishPath: hubPublish,
    subscribeUrl: (b) => `${b.replace(/^http/, "ws")}/ws?topics=system.alert`,
  };
}

export interface RunDirs {
  /** The repo root (/work/main). */
  root: string;
  /** scripts/bench. */
  benchDir: string;
  /** Scratch space for this run: logs, databases. */
  tmpDir: string;
}

export interface StartedServer {
  proc: Tracked;
  base: string;
}

/** Starts the server process behind a target and waits for its `listening http://…` line. */
export async function startServer(
  target: TargetName,
  dirs: RunDirs,
  hubEnv: Record<string, string> = {},
  label: string = target,
): Promise<StartedServer> {
  const spec = SPECS[target];
  const launch = spec.isHub
    ? hubLaunch(dirs.root, dirs.tmpDir, hubEnv)
    : {
        cmd:
          target === "socketio"
            ? ["node", join(dirs.benchDir, "targets/socketio.cjs")]
            : ["bun", join(dirs.benchDir, `targets/${target}.ts`)],
        cwd: dirs.benchDir,
        env: { PORT: "0", HOST: "127.0.0.1", NODE_ENV: "production" },
      };
  const proc = spawnTracked(`server-${label}`, launch.cmd, { env: launch.env, cwd: launch.cwd, logDir: dirs.tmpDir });
  const line = await proc.nextLine((l) => l.startsWith("listening http://"), 30_000);
  return { proc, base: line.slice("listening ".length).trim() };
}
