/**
 * Command line of the simulator: `simulate` publishes a realistic market and strategy stream to
 * a hub; `stress` load-tests a hub with many clients. Run with `bun run simulate` / `bun run stress`.
 */
import type { CliIo } from "./cli/io.ts";
import { processIo } from "./cli/io.ts";
import { simulateCommand } from "./cli/simulate.ts";
import { parseSimulateArgs, SIMULATE_USAGE } from "./cli/simulate-args.ts";
import { UsageError } from "./cli/usage-error.ts";
import { parseStressArgs, STRESS_USAGE } from "./stress/args.ts";
import { runStress } from "./stress/run.ts";

const USAGE = `Usage: bun apps/simulator/src/cli.ts <simulate|stress> [options]   (--help for a command's options)`;

export async function main(argv: string[], io: CliIo, signal: AbortSignal): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "simulate": {
        const args = parseSimulateArgs(rest);
        if (args.help) {
          io.out(SIMULATE_USAGE);
          return 0;
        }
        return await simulateCommand(args, io, signal);
      }
      case "stress": {
        const args = parseStressArgs(rest);
        if (args.help) {
          io.out(STRESS_USAGE);
          return 0;
        }
        return await runStress(args, io, signal);
      }
      case "help":
      case "--help":
      case "-h":
        io.out(USAGE);
        return 0;
      default:
        throw new UsageError(command ? `unknown command "${command}"` : "no command given");
    }
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`error: ${e.message}`);
    io.err(command === "simulate" ? SIMULATE_USAGE : command === "stress" ? STRESS_USAGE : USAGE);
    return 2;
  }
}

if (import.meta.main) {
  const stop = new AbortController();
  const onSignal = () => {
    if (stop.signal.aborted) process.exit(130); // a second Ctrl-C: leave now
    processIo.err("stopping (Ctrl-C again to quit at once)…");
    stop.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const code = await main(process.argv.slice(2), processIo, stop.signal).catch((e: unknown) => {
    processIo.err(`error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return 1;
  });
  process.exit(code);
}
