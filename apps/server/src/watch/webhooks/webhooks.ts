/** Every configured endpoint's worker, fed each committed batch; they deliver only on the leader. */
import type { Bus, StoredEvent } from "@tickerwire/bus";
import type { WebhookStatus } from "@tickerwire/protocol";
import type { Logger } from "../../logger.ts";
import type { WebhookEndpoint } from "../config/webhook-file.ts";
import type { WatchStore } from "../store/watch-store.ts";
import type { BackoffOptions } from "./backoff.ts";
import { EndpointWorker } from "./endpoint-worker.ts";

export interface WebhooksDeps {
  endpoints: readonly WebhookEndpoint[];
  bus: Bus;
  store: WatchStore;
  logger: Logger;
  fetch: typeof fetch;
  now: () => number;
  random: () => number;
  backoff?: BackoffOptions;
}

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
