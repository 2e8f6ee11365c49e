/** The `simulate` command: the engine in real time, published to a hub over HTTP, with a status line. */
import { PublishGaveUpError, PublishRejectedError } from "../publish/errors.ts";
import { createHttpPublisher } from "../publish/http-publisher.ts";
import type { FetchLike } from "../publish/post-batch.ts";
import { sleep } from "../publish/sleep.ts";
import { runSimulator } from "../run/simulator.ts";
import { formatStatus } from "../run/status-line.ts";
import type { CliIo } from "./io.ts";
import type { SimulateArgs } from "./simulate-args.ts";

/** How long a stop waits for queued events to reach the hub. */
const FLUSH_ON_STOP_MS = 5_000;

export async function simulateCommand(
  args: SimulateArgs,
  io: CliIo,
  signal: AbortSignal,
  deps: { fetch?: FetchLike } = {},
): Promise<number> {
  const seed = args.seed ?? Math.floor(Math.random() * 0x100000000);
  const publisher = createHttpPublisher({
    url: args.url,
    // The hub's engines strip and liveness alerts show the simulator as an engine.
    engineId: "simulator",
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    onRetry: (r) => {
      if (r.attempt === 1) io.err(`hub not accepting events (${r.reason.slice(0, 120)}); retrying with backoff`);
    },
  });
  const pace = args.rate !== undefined ? `~${args.rate} events/s` : `speed ×${args.speed}`;
  io.out(
    `simulating ${args.symbols.join(",")} with ${args.strategies.join(",")} | seed ${seed} | ${pace} | → ${args.url}`,
  );
  try {
    const last = await runSimulator(
      {
        seed,
        symbols: args.symbols,
        strategies: args.strategies,
        interval: args.interval,
        startTime: args.startTime ?? Date.now() - args.warmupMinutes * 60_000,
        warmupMs: args.warmupMinutes * 60_000,
        speed: args.speed,
        ...(args.rate !== undefined ? { rate: args.rate } : {}),
        ...(args.durationMs !== undefined ? { durationMs: args.durationMs } : {}),
        signal,
        statusEveryMs: args.statusEveryMs,
        onStatus: (s) => io.out(formatStatus(s, publisher.stats)),
      },
      (events) => publisher.publish(events),
    );
    const flushed = await Promise.race([publisher.close().then(() => true), sleep(FLUSH_ON_STOP_MS).then(() => false)]);
    if (!flushed) {
      const left = publisher.stats.queued;
      publisher.abort();
      io.err(`stopped without delivering ${left} queued events: the hub did not accept them in time`);
    }
    io.out(`${formatStatus(last, publisher.stats)} | stopped`);
    return flushed ? 0 : 1;
  } catch (e) {
    publisher.abort();
    if (e instanceof PublishRejectedError) {
      io.err(`error: ${e.message}`);
      for (const i of e.issues.slice(0, 5))
        io.err(`  event ${i.index ?? "?"} at ${(i.path ?? []).join(".")}: ${i.message}`);
      return 1;
    }
    if (e instanceof PublishGaveUpError) {
      io.err(`error: could not reach the hub at ${args.url}: ${e.message}`);
      return 1;
    }
    throw e;
  }
}
