/** The `stress` command line: flags, defaults and validation. */
import { UsageError } from "../cli/usage-error.ts";
import { httpUrl, nonNegativeInteger, positiveNumber, strictArgs } from "../cli/values.ts";
import type { ConsumerKind } from "./consumer.ts";
import { MAX_PAYLOAD } from "./load.ts";

export interface StressArgs {
  url: string;
  ws: number;
  sse: number;
  rate: number;
  durationS: number;
  payload: number;
  slow: number;
  /** Percent of the (non-slow) clients that disconnect and resume each second. */
  churn: number;
  json: string | undefined;
  client: ConsumerKind;
  /** Consumer worker processes (the publisher runs alone in the main process). */
  workers: number;
  /** Seconds to wait for connections before publishing, and for deliveries after it. */
  connectTimeoutS: number;
  drainS: number;
  help: boolean;
}

export const STRESS_USAGE = `Usage: bun run stress [options]
  --url URL        hub (default http://127.0.0.1:8080)
  --ws N           WebSocket clients (default 100)
  --sse M          SSE clients (default 10)
  --rate R         events per second to publish (default 200), batched per 10 ms tick
  --duration S     seconds of publishing (default 10)
  --payload BYTES  approximate size of each event's JSON (default 200, max ${MAX_PAYLOAD})
  --slow K         of the N+M clients, K read very slowly (the hub should cut them off; not failures)
  --churn P        percent of clients that disconnect and resume each second (default 0)
  --json FILE      also write the report as JSON
  --client KIND    raw (default): a minimal WebSocket client on a raw TCP socket / fetch-SSE,
                   reading each event's seq from the bytes (no JSON.parse, no schema check), so the
                   hub, not the load generator, is what is measured; sdk: @tickerwire/client for
                   every consumer, as the dashboard uses it (full validation of each message: on 2
                   cores about 200k deliveries/s in all, so use it with fewer clients or events)
  --workers N      consumer worker processes (default min(2, CPU cores)); the clients are dealt
                   round-robin to them and the publisher runs alone in the main process, so its
                   pacing is not starved by the consumers
Latency = receive time in a worker − send time of the event's POST in the main process (both
Date.now(): wall clock on one machine), so it includes the publish request, the hub's fan-out and
the client's read. Acknowledged seqs and their send times are streamed to the workers as the hub
answers; each worker judges its own clients (lost/dup/reordered) against that ledger.
  --connect-timeout S  wait this long for every client to connect (default 30)
  --drain S        after publishing, wait up to this long for deliveries (default 10)
Exit code: 0 when no (non-slow) client lost, duplicated or reordered anything; 1 otherwise;
2 for bad flags; 3 when the run could not start (open-file limit, hub unreachable).`;

/** min(2, cores): one worker per core left over next to the publisher, on the usual 2-core box. */
export function defaultWorkers(cores = navigator.hardwareConcurrency || 1): number {
  return Math.max(1, Math.min(2, cores));
}

export function parseStressArgs(argv: string[]): StressArgs {
  const v = strictArgs(argv, {
    url: { type: "string", default: "http://127.0.0.1:8080" },
    ws: { type: "string" },
    sse: { type: "string" },
    rate: { type: "string" },
    duration: { type: "string" },
    payload: { type: "string" },
    slow: { type: "string" },
    churn: { type: "string" },
    json: { type: "string" },
    client: { type: "string", default: "raw" },
    workers: { type: "string" },
    "connect-timeout": { type: "string" },
    drain: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  });
  const ws = nonNegativeInteger("ws", v.ws, 100_000) ?? 100;
  const sse = nonNegativeInteger("sse", v.sse, 100_000) ?? 10;
  const slow = nonNegativeInteger("slow", v.slow, 100_000) ?? 0;
  if (ws + sse === 0) throw new UsageError("--ws and --sse are both 0: nothing to measure");
  if (slow > ws + sse) throw new UsageError(`--slow ${slow} is more than the ${ws + sse} clients (--ws + --sse)`);
  const payload = nonNegativeInteger("payload", v.payload, MAX_PAYLOAD) ?? 200;
  const churn = v.churn === undefined ? 0 : Number(v.churn);
  if (!Number.isFinite(churn) || churn < 0 || churn > 100) {
    throw new UsageError(`--churn must be a percentage from 0 to 100, got "${v.churn}"`);
  }
  const workers = nonNegativeInteger("workers", v.workers, 64) ?? defaultWorkers();
  if (workers < 1) throw new UsageError("--workers must be at least 1");
  const client = v.client ?? "raw";
  if (client !== "sdk" && client !== "raw") throw new UsageError(`--client must be sdk or raw, got "${client}"`);
  return {
    url: httpUrl("url", v.url ?? ""),
    client,
    workers,
    ws,
    sse,
    rate: positiveNumber("rate", v.rate) ?? 200,
    durationS: positiveNumber("duration", v.duration) ?? 10,
    payload,
    slow,
    churn,
    json: v.json,
    connectTimeoutS: positiveNumber("connect-timeout", v["connect-timeout"]) ?? 30,
    drainS: positiveNumber("drain", v.drain) ?? 10,
    help: v.help ?? false,
  };
}
