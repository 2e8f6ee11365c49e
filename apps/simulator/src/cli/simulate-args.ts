/** The `simulate` command line: flags, defaults and validation. */
import { SEGMENT_RE } from "@tickerwire/protocol";
import { DEFAULT_ENGINE_OPTIONS } from "../engine.ts";
import { IntervalError, parseInterval } from "../market/interval.ts";
import { isStrategyName, STRATEGY_NAMES } from "../strategies/registry.ts";
import type { StrategyName } from "../strategies/types.ts";
import { UsageError } from "./usage-error.ts";
import { commaList, httpUrl, nonNegativeInteger, positiveNumber, strictArgs } from "./values.ts";

export interface SimulateArgs {
  url: string;
  rate: number | undefined;
  strategies: StrategyName[];
  symbols: string[];
  /** Undefined: the CLI draws one and prints it. */
  seed: number | undefined;
  durationMs: number | undefined;
  speed: number;
  interval: string;
  /** Simulated start (epoch ms); undefined: now minus the warm-up. */
  startTime: number | undefined;
  /** Simulated minutes run at once before real time, so charts and strategies start warm. */
  warmupMinutes: number;
  statusEveryMs: number;
  help: boolean;
}

export const SIMULATE_USAGE = `Usage: bun run simulate [options]
  --url URL           hub to publish to (default http://127.0.0.1:8080)
  --rate N            target events per second (default: paced by --speed)
  --strategies LIST   comma-separated (default all: ${STRATEGY_NAMES.join(",")})
  --symbols LIST      comma-separated (default ${DEFAULT_ENGINE_OPTIONS.symbols.join(",")})
  --seed N            random seed, 0..4294967295 (default: random, printed at start)
  --start ISO         simulated start time (default: now minus the warm-up); the same --seed, --start
                      and --warmup give the same stream
  --warmup MIN        simulated minutes published at once before real time starts (default 60), so
                      the dashboard opens with candle history and warmed-up strategies
  --duration S        stop after S seconds (default: run until Ctrl-C)
  --speed X           simulated time per real time (default 60: a 1m candle every second)
  --interval I        candle interval, e.g. 1m, 15s (default 1m)
  --status S          seconds between status lines (default 5)`;

export function parseSimulateArgs(argv: string[]): SimulateArgs {
  const v = strictArgs(argv, {
    url: { type: "string", default: "http://127.0.0.1:8080" },
    rate: { type: "string" },
    strategies: { type: "string" },
    symbols: { type: "string" },
    seed: { type: "string" },
    start: { type: "string" },
    duration: { type: "string" },
    speed: { type: "string" },
    interval: { type: "string", default: "1m" },
    status: { type: "string" },
    warmup: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  });
  const strategies = v.strategies === undefined ? [...STRATEGY_NAMES] : commaList(v.strategies);
  const unknown = strategies.filter((s) => !isStrategyName(s));
  if (unknown.length > 0 || strategies.length === 0) {
    throw new UsageError(`--strategies: unknown "${unknown.join(",")}"; choose from ${STRATEGY_NAMES.join(", ")}`);
  }
  const symbols = v.symbols === undefined ? [...DEFAULT_ENGINE_OPTIONS.symbols] : commaList(v.symbols);
  const badSymbol = symbols.find((s) => !SEGMENT_RE.test(s));
  if (symbols.length === 0 || badSymbol !== undefined) {
    throw new UsageError(
      `--symbols: "${badSymbol ?? ""}" is not a valid symbol (letters, digits, _ and -, like BTC-USDT)`,
    );
  }
  const interval = v.interval ?? "1m";
  try {
    parseInterval(interval);
  } catch (e) {
    if (e instanceof IntervalError) throw new UsageError(`--interval: ${e.message}`);
    throw e;
  }
  if (!SEGMENT_RE.test(interval)) throw new UsageError(`--interval "${interval}" cannot be used in a topic`);
  let startTime: number | undefined;
  if (v.start !== undefined) {
    startTime = Date.parse(v.start);
    if (Number.isNaN(startTime)) throw new UsageError(`--start must be an ISO date-time, got "${v.start}"`);
  }
  const duration = positiveNumber("duration", v.duration);
  return {
    url: httpUrl("url", v.url ?? ""),
    rate: positiveNumber("rate", v.rate),
    strategies: strategies as StrategyName[],
    symbols,
    seed: nonNegativeInteger("seed", v.seed, 0xffffffff),
    durationMs: duration === undefined ? undefined : duration * 1000,
    speed: positiveNumber("speed", v.speed) ?? 60,
    interval,
    startTime,
    warmupMinutes: nonNegativeInteger("warmup", v.warmup, 10_000) ?? 60,
    statusEveryMs: (positiveNumber("status", v.status) ?? 5) * 1000,
    help: v.help ?? false,
  };
}
