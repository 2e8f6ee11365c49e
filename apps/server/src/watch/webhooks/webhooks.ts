/** Every configured endpoint's worker, fed each committed batch; they deliver only on the leader. */
import type { StoredEvent } from "@tickerwire/bus";
import type { WebhookStatus } from "@tickerwire/protocol";
import type { WebhookEndpoint } from "../config/webhook-file.ts";
import { EndpointWorker, type WorkerDeps } from "./endpoint-worker.ts";

/** What every worker shares, and the endpoints to make one worker each for. */
export type WebhooksDeps = Omit<WorkerDeps, "ep" | "queueCap" | "failingAfter"> & {
  endpoints: readonly WebhookEndpoint[];
};

export class Webhooks {
  private readonly workers: EndpointWorker[];

  constructor(d: WebhooksDeps) {
    this.workers = d.endpoints.map((ep) => new EndpointWorker({ ...d, ep }));
  }

  onBatch(events: readonly StoredEvent[]): void {
    for (const w of this.workers) w.onBatch(events);
  }

  async start(liveSeq: number): Promise<void> {
    await Promise.all(this.workers.map((w) => w.start(liveSeq)));
  }

  stop(): void {
    for (const w of this.workers) w.stop();
  }

  async tick(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.tick()));
  }

  status(): WebhookStatus[] {
    return this.workers.map((w) => w.status());
  }
}
