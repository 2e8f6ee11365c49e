/**
 * The main process's side of the consumer workers: spawns `bun worker.ts` child processes (real
 * parallelism: each has its own event loop and core), deals them the client plan, forwards the
 * hub's acknowledgements, adds up their live counters, and collects their results. Every child
 * is killed by pid in `close()`.
 */
import type { Subprocess } from "bun";
import type { ConsumerKind } from "./consumer.ts";
import type { ClientPlan } from "./plan.ts";
import { splitPlan } from "./plan.ts";
import type { FromWorker, ToWorker, WorkerResult, WorkerStats } from "./worker-messages.ts";

const WORKER_PATH = new URL("./worker.ts", import.meta.url).pathname;

interface Worker {
  proc: Subprocess;
  stats: WorkerStats;
  /** Size of this worker's share of the plan. */
  clients: number;
  waiters: Map<FromWorker["t"], (m: FromWorker | null) => void>;
  exited: boolean;
}

const delay = (ms: number) => new Promise<null>((r) => setTimeout(() => r(null), ms).unref());

export class ConsumerPool {
  private readonly workers: Worker[];

  constructor(o: {
    workers: number;
    plan: readonly ClientPlan[];
    url: string;
    client: ConsumerKind;
    connectTimeoutMs: number;
  }) {
    const sse = o.plan.filter((p) => p.transport === "sse").length;
    this.workers = splitPlan(o.plan, o.workers).map((part) => {
      const w: Worker = {
        proc: null as unknown as Subprocess,
        stats: { connected: 0, deliveries: 0, reconnects: 0, p99: 0 },
        clients: part.length,
        waiters: new Map(),
        exited: false,
      };
      w.proc = Bun.spawn([process.execPath, WORKER_PATH], {
        stdio: ["ignore", "ignore", "inherit"],
        // Bun's fetch runs at most 256 requests at once by default; each SSE stream is one for its life.
        env: { ...process.env, BUN_CONFIG_MAX_HTTP_REQUESTS: String(Math.max(256, sse + 64)) },
        ipc: (m: FromWorker) => {
          if (m.t === "stats")
            w.stats = { connected: m.connected, deliveries: m.deliveries, reconnects: m.reconnects, p99: m.p99 };
          const waiter = w.waiters.get(m.t);
          w.waiters.delete(m.t);
          waiter?.(m);
        },
      });
      void w.proc.exited.then(() => {
        w.exited = true;
        for (const resolve of w.waiters.values()) resolve(null);
        w.waiters.clear();
      });
      this.post(w, { t: "start", url: o.url, client: o.client, plan: part, connectTimeoutMs: o.connectTimeoutMs });
      return w;
    });
  }

  get size(): number {
    return this.workers.reduce((s, w) => s + w.clients, 0);
  }

  /** The workers' latest counters, added up (p99: the worst worker's). */
  get stats(): WorkerStats {
    const s: WorkerStats = { connected: 0, deliveries: 0, reconnects: 0, p99: 0 };
    for (const w of this.workers) {
      s.connected += w.stats.connected;
      s.deliveries += w.stats.deliveries;
      s.reconnects += w.stats.reconnects;
      s.p99 = Math.max(s.p99, w.stats.p99);
    }
    return s;
  }

  /** Resolves when every worker has connected its clients or given up; true if all connected. */
  async connected(): Promise<boolean> {
    const r = await Promise.all(this.workers.map((w) => this.next(w, "connected")));
    return r.every((m) => m?.t === "connected" && m.all);
  }

  acks(seqs: number[], topics: string[], sentAt: number): void {
    this.broadcast({ t: "acks", seqs, topics, sentAt });
  }

  churn(percent: number): void {
    this.broadcast({ t: "churn", percent });
  }

  /**
   * Each worker waits (up to `timeoutMs`) until its clients have the last acknowledged event. The
   * deadline is also kept here: a flooded worker's timers can fire far too late (docs/runtime-notes.md).
   */
  async drain(timeoutMs: number): Promise<void> {
    const done = Promise.all(this.workers.map((w) => this.next(w, "drained")));
    this.broadcast({ t: "drain", timeoutMs });
    await Promise.race([done, delay(timeoutMs + 1_000)]);
  }

  /** Closes every client and collects the workers' results; null for a worker that died or did not answer. */
  async finish(timeoutMs = 30_000): Promise<(WorkerResult | null)[]> {
    const results = this.workers.map((w) => this.next(w, "result"));
    this.broadcast({ t: "finish" });
    const timeout = delay(timeoutMs);
    return Promise.all(
      results.map(async (p) => {
        const m = await Promise.race([p, timeout]);
        return m?.t === "result" ? m : null;
      }),
    );
  }

  /** The pid of worker `i` (as ordered in finish()'s results). */
  pid(i: number): number {
    return this.workers[i]?.proc.pid ?? 0;
  }

  /** Kills every worker (by its pid). */
  close(): void {
    for (const w of this.workers) if (!w.exited) w.proc.kill();
  }

  private next(w: Worker, t: FromWorker["t"]): Promise<FromWorker | null> {
    if (w.exited) return Promise.resolve(null);
    return new Promise((resolve) => w.waiters.set(t, resolve));
  }

  private broadcast(m: ToWorker): void {
    for (const w of this.workers) this.post(w, m);
  }

  private post(w: Worker, m: ToWorker): void {
    if (!w.exited) w.proc.send(m);
  }
}
