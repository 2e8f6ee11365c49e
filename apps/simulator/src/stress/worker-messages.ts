/**
 * The IPC between the stress command (main process: publisher, ledger, report) and its consumer
 * worker processes (worker.ts). Internal to the tool — not hub wire messages. Order matters and
 * IPC keeps it: every `acks` is sent before `drain`, so a worker drains and judges its clients
 * against the complete ledger.
 */

import type { TransportKind } from "@tickerwire/protocol";
import type { ConsumerKind } from "./consumer.ts";
import type { HistogramWire } from "./histogram.ts";
import type { ClientPlan } from "./plan.ts";
import type { TransportSummary } from "./report.ts";

export type ToWorker =
  | { t: "start"; url: string; client: ConsumerKind; plan: ClientPlan[]; connectTimeoutMs: number }
  /** Seqs the hub acknowledged, their topics, and when their POST was sent (main's Date.now()). */
  | { t: "acks"; seqs: number[]; topics: string[]; sentAt: number }
  | { t: "churn"; percent: number }
  | { t: "drain"; timeoutMs: number }
  | { t: "finish" };

export interface WorkerStats {
  connected: number;
  /** Deliveries to tracked (non-slow) clients so far. */
  deliveries: number;
  reconnects: number;
  /** p99 of this worker's latencies so far. */
  p99: number;
}

export interface WorkerResult {
  transports: Record<TransportKind, TransportSummary>;
  latency: Record<TransportKind, HistogramWire>;
  slow: { clients: number; deliveries: number; disconnects: number };
  reconnects: number;
  loopLag: HistogramWire;
  /** CPU seconds (user + system) this worker used. */
  cpuSeconds: number;
  /** Deliveries that never matched an acknowledged seq (e.g. another publisher's events). */
  unmatched: number;
}

export type FromWorker =
  | ({ t: "stats" } & WorkerStats)
  | { t: "connected"; all: boolean }
  | { t: "drained" }
  | ({ t: "result" } & WorkerResult);
