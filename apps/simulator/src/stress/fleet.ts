/**
 * One worker's crowd of stress clients (plan.ts says which): WebSocket and SSE clients (SDK or
 * raw), some replaced by deliberately slow raw-socket readers. Connects them gradually, churns
 * them, and hands their outcomes to the report.
 */

import type { TransportKind } from "@tickerwire/protocol";
import { sleep } from "../publish/sleep.ts";
import type { ConsumerKind, StressConsumer } from "./consumer.ts";
import type { LatencyRecorder } from "./latency.ts";
import type { ClientPlan } from "./plan.ts";
import { RawConsumer } from "./raw-consumer.ts";
import type { ClientOutcome } from "./report.ts";
import { SdkConsumer } from "./sdk-consumer.ts";
import { SlowConsumer } from "./slow-consumer.ts";

const RAMP_BATCH = 50;
const RAMP_PAUSE_MS = 10;

export class Fleet {
  readonly consumers: StressConsumer[] = [];
  readonly slow: SlowConsumer[] = [];
  /** Deliveries to the tracked (non-slow) clients so far. */
  deliveries = 0;

  constructor(
    private readonly a: { url: string; client: ConsumerKind },
    private readonly plan: readonly ClientPlan[],
    private readonly latency: LatencyRecorder<TransportKind>,
  ) {}

  get size(): number {
    return this.plan.length;
  }

  get connected(): number {
    return this.consumers.filter((c) => c.tracker !== null).length + this.slow.length;
  }

  /** Opens every client, a batch at a time; resolves when all have connected or the time is up. */
  async connect(timeoutMs: number, signal: AbortSignal, progress: () => void): Promise<boolean> {
    const onEvent = (seq: number, at: number, transport: TransportKind) => {
      this.deliveries++;
      this.latency.delivered(seq, at, transport);
    };
    for (const [i, p] of this.plan.entries()) {
      if (signal.aborted) return false;
      const patterns = p.patterns;
      if (p.slow) this.slow.push(new SlowConsumer({ url: this.a.url, transport: p.transport, patterns }));
      else {
        const o = { url: this.a.url, transport: p.transport, patterns, onEvent };
        this.consumers.push(this.a.client === "raw" ? new RawConsumer(o) : new SdkConsumer(o));
      }
      if ((i + 1) % RAMP_BATCH === 0) await sleep(RAMP_PAUSE_MS, signal);
    }
    const deadline = Date.now() + timeoutMs;
    let lastProgress = 0;
    while (this.connected < this.size && Date.now() < deadline && !signal.aborted) {
      if (Date.now() - lastProgress >= 1_000) {
        progress();
        lastProgress = Date.now();
      }
      await sleep(50, signal);
    }
    return this.connected === this.size;
  }

  /** Makes `percent` % of the (non-slow) clients drop their connection and resume on a new one. */
  churn(percent: number, random: () => number = Math.random): number {
    const n = Math.round((percent / 100) * this.consumers.length);
    for (let i = 0; i < n; i++) {
      this.consumers[Math.floor(random() * this.consumers.length)]?.churn();
    }
    return n;
  }

  get reconnects(): number {
    return this.consumers.reduce((s, c) => s + c.reconnects, 0);
  }

  outcomes(): ClientOutcome[] {
    return this.consumers.map((c) => ({ transport: c.transport, patterns: c.patterns, tracker: c.tracker }));
  }

  slowSummary(): { clients: number; deliveries: number; disconnects: number } {
    return {
      clients: this.slow.length,
      deliveries: this.slow.reduce((s, c) => s + c.deliveries, 0),
      disconnects: this.slow.reduce((s, c) => s + c.disconnects, 0),
    };
  }

  close(): void {
    for (const c of this.consumers) c.close();
    for (const c of this.slow) c.close();
  }
}
