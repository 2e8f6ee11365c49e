/**
 * Starts and stops the webhook receiver process (webhook-receiver.ts) for end-to-end tests, by
 * pid, on a port that survives a restart, and collects the deliveries it logged.
 */
import { join } from "node:path";
import { forEachLine } from "../../scripts/lib/lines.ts";
import { trackChild, untrackChild } from "./cleanup.ts";
import { waitUntil } from "./wait.ts";

export interface Delivery {
  key: string | null;
  seq: number;
  status: number;
  verified: boolean;
  duplicate: boolean;
  type?: string;
  rule_id?: string;
}

export interface Receiver {
  readonly port: number;
  readonly url: string;
  readonly pid: number;
  /** Every delivery logged, over every run. */
  readonly deliveries: Delivery[];
  /** Every stdout line, over every run (for the report and failure messages). */
  readonly lines: string[];
  /** Deliveries it accepted (200), first time per idempotency key, in arrival order. */
  accepted(): Delivery[];
  stop(): Promise<void>;
  /** Starts again on the same port, with the same secret (or `env` overrides). */
  start(env?: Record<string, string>): Promise<void>;
  waitForAccepted(n: number, timeoutMs?: number): Promise<Delivery[]>;
}

export async function startReceiver(env: { SECRET: string; STATUSES?: string; PORT?: string }): Promise<Receiver> {
  const deliveries: Delivery[] = [];
  const lines: string[] = [];
  let proc: Bun.Subprocess<"ignore", "pipe", "inherit"> | null = null;
  let port = Number(env.PORT ?? 0);
  const base = { ...env };

  async function start(extra: Record<string, string> = {}): Promise<void> {
    const p = Bun.spawn(["bun", join(import.meta.dir, "webhook-receiver.ts")], {
      env: { ...process.env, ...base, ...extra, PORT: String(port) },
      stdin: "ignore",
      stdout: "pipe",
      stderr: "inherit",
    });
    proc = p;
    trackChild(p.pid, "webhook receiver");
    void p.exited.then(() => untrackChild(p.pid));
    const { promise, resolve } = Promise.withResolvers<number>();
    void forEachLine(p.stdout, (line) => {
      lines.push(line);
      const j = JSON.parse(line) as { event: string; port?: number } & Delivery;
      if (j.event === "listening") resolve(j.port as number);
      else if (j.event === "delivery") deliveries.push(j);
    });
    port = await Promise.race([promise, p.exited.then((c) => Promise.reject(new Error(`receiver exited ${c}`)))]);
  }

  await start();
  const r: Receiver = {
    get port() {
      return port;
    },
    get url() {
      return `http://127.0.0.1:${port}/hook`;
    },
    get pid() {
      return proc?.pid ?? -1;
    },
    deliveries,
    lines,
    accepted() {
      return deliveries.filter((d) => d.status === 200 && !d.duplicate);
    },
    async stop() {
      const p = proc;
      if (!p || p.exitCode !== null) return;
      p.kill("SIGTERM");
      await p.exited;
    },
    start,
    async waitForAccepted(n, timeoutMs = 20_000) {
      await waitUntil(() => r.accepted().length >= n, { timeoutMs, what: `${n} accepted deliveries` });
      return r.accepted();
    },
  };
  return r;
}
