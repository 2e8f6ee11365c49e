/**
 * Command line of `bun run bench`: `--quick`, `--only <target,...>`, `--workload <name,...>`,
 * `--out <dir>`. Pure: argv in, options out, a CliError naming the bad argument otherwise.
 */
import { WORKLOADS, type Workload } from "./profile.ts";
import { ALL_TARGETS, SCALE_TARGETS, TARGETS, type TargetName } from "./targets/registry.ts";

export class CliError extends Error {
  override readonly name = "CliError";
}

export interface CliOptions {
  quick: boolean;
  targets: TargetName[];
  workloads: Workload[];
  /** Directory for the report files (relative to the repo root). */
  out: string;
  /** Fan-out and burst runs per target, interleaved; the best by deliveries/s is reported. */
  repeat: number;
  /** Niceness for every process the bench starts (0: unchanged). */
  nice: number;
  /** Hub targets run with 20 alert rules and 3 webhook endpoints (targets/watch.ts). */
  watch: boolean;
  help: boolean;
}

export const USAGE = `usage: bun run bench [--quick] [--only <targets>] [--workload <workloads>] [--repeat <n>] [--nice <n>] [--watch] [--out <dir>]
  --quick             2-3 minute smoke run (smaller and shorter workloads)
  --only <list>       targets, comma-separated: ${ALL_TARGETS.join(", ")}
                      (also: hub, ceiling, ws, sse, redis)
  --workload <list>   workloads, comma-separated: ${WORKLOADS.join(", ")} (also: fan-out, storm, idle-memory)
  --repeat <n>        run fan-out and burst n times per target, interleaved, and keep each target's best
                      (for a machine shared with other jobs: noise only ever slows a run down)
  --nice <n>          run every bench process at niceness n (e.g. -10, needs root) so other jobs on a
                      shared machine disturb the measurements less (and get less CPU meanwhile)
  --watch             hub targets run with the operators' watch on: 20 alert rules, 3 webhook endpoints and
                      the publisher named as an engine (reports get a -watch suffix; compare with a run without)
  --out <dir>         where the reports go (default bench/results): report.md/.json for a run of
                      every workload, report-<workloads>.md/.json for a run of some (--workload)`;

const TARGET_ALIASES: Record<string, TargetName[]> = {
  hub: ["hub-ws", "hub-sse"],
  ceiling: ["ceiling-ws", "ceiling-sse"],
  ws: ["ceiling-ws", "hub-ws", "socketio"],
  sse: ["ceiling-sse", "hub-sse"],
  "socket.io": ["socketio"],
  redis: ["hub-redis-1", "hub-redis-2"],
};
const WORKLOAD_ALIASES: Record<string, Workload> = {
  "fan-out": "fanout",
  "connection-storm": "storm",
  "idle-memory": "idle",
  memory: "idle",
  "scale-out": "scale",
  "first-load": "firstload",
  "resume-storm": "resume",
  "browser-pipeline": "browser",
};

function list<T extends string>(
  flag: string,
  raw: string | undefined,
  known: readonly T[],
  alias: (s: string) => T[] | undefined,
): T[] {
  if (raw === undefined || raw.startsWith("--")) throw new CliError(`${flag} needs a value`);
  const out = new Set<T>();
  for (const item of raw
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)) {
    const hit = (known as readonly string[]).includes(item) ? [item as T] : alias(item);
    if (!hit) throw new CliError(`${flag}: unknown "${item}" (known: ${known.join(", ")})`);
    for (const h of hit) out.add(h);
  }
  if (out.size === 0) throw new CliError(`${flag} needs a value`);
  // Keep the canonical order, whatever order they were given in.
  return known.filter((k) => out.has(k));
}

export function parseArgs(argv: readonly string[]): CliOptions {
  const o: CliOptions = {
    quick: false,
    targets: [...ALL_TARGETS],
    workloads: [...WORKLOADS],
    out: "bench/results",
    repeat: 1,
    nice: 0,
    watch: false,
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const [flag, inline] = a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    const value = () => inline ?? argv[++i];
    if (flag === "--quick") o.quick = true;
    else if (flag === "--watch") o.watch = true;
    else if (flag === "--help" || flag === "-h") o.help = true;
    else if (flag === "--only") o.targets = list("--only", value(), ALL_TARGETS, (s) => TARGET_ALIASES[s]);
    else if (flag === "--workload" || flag === "--workloads") {
      o.workloads = list(flag, value(), WORKLOADS, (s) => (WORKLOAD_ALIASES[s] ? [WORKLOAD_ALIASES[s]] : undefined));
    } else if (flag === "--repeat") {
      const v = value();
      if (!v || !/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 10)
        throw new CliError("--repeat needs a number from 1 to 10");
      o.repeat = Number(v);
    } else if (flag === "--nice") {
      const v = value();
      if (!v || !/^-?\d+$/.test(v) || Math.abs(Number(v)) > 19)
        throw new CliError("--nice needs a niceness from -19 to 19");
      o.nice = Number(v);
    } else if (flag === "--out") {
      const v = value();
      if (!v || v.startsWith("--")) throw new CliError("--out needs a directory");
      o.out = v;
    } else throw new CliError(`unknown argument "${a}"`);
  }
  return o;
}

/**
 * Which targets each workload runs for: ingest is the hub's alone, storms are WebSocket clients,
 * and the Redis targets run in the scale-out workload only (next to hub-ws, its reference).
 */
export function targetsFor(workload: Workload, selected: readonly TargetName[]): TargetName[] {
  const base = selected.filter((t) => (TARGETS as readonly string[]).includes(t));
  if (workload === "scale") return SCALE_TARGETS.filter((t) => selected.includes(t));
  // Ingest, the dashboard's first load and the resume storm are the hub's alone.
  if (workload === "ingest" || workload === "firstload" || workload === "resume" || workload === "browser") {
    return base.some((t) => t.startsWith("hub")) ? ["hub-ws"] : [];
  }
  if (workload === "storm") return base.filter((t) => t === "ceiling-ws" || t === "hub-ws" || t === "socketio");
  return base;
}

/**
 * Report file name (without extension) of a run: `report` when it ran every workload, else
 * `report-<workloads>`, so a partial run never overwrites the full report. Pure.
 */
export function reportBaseName(workloads: readonly Workload[], watch = false): string {
  const all = WORKLOADS.every((w) => workloads.includes(w));
  const base = all ? "report" : `report-${WORKLOADS.filter((w) => workloads.includes(w)).join("-")}`;
  return watch ? `${base}-watch` : base;
}
