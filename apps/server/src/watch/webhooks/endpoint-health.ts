/**
 * What operators see of one endpoint: counts, the last success and error, and its state — `ok`,
 * `retrying` (the last attempt failed), `failing` (`failingAfter` attempts in a row failed). Logs
 * one line when it starts failing and one when it recovers, and drops at most every 10 s (with
 * their count), so a dead endpoint is visible without flooding the log.
 */
import type { WebhookStatus } from "@tickerwire/protocol";
import type { Logger } from "../../logger.ts";
import type { WebhookEndpoint } from "../config/webhook-file.ts";

const DROP_LOG_MS = 10_000;

export class EndpointHealth {
  private deliveredN = 0;
  private failedAttempts = 0;
  private droppedN = 0;
  private consecutive = 0;
  private lastSuccess: number | null = null;
  private lastError: string | null = null;
  private dropsUnlogged = 0;
  private lastDropLog = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly ep: Pick<WebhookEndpoint, "id" | "target" | "format">,
    private readonly logger: Logger,
    private readonly now: () => number,
    private readonly failingAfter = 5,
  ) {}

  delivered(): void {
    if (this.consecutive >= this.failingAfter) {
      this.logger.info("webhooks: endpoint recovered", { endpoint: this.ep.id, target: this.ep.target });
    }
    this.deliveredN++;
    this.consecutive = 0;
    this.lastSuccess = this.now();
  }

  failed(error: string, backlog: number): void {
    this.failedAttempts++;
    this.consecutive++;
    this.lastError = error;
    if (this.consecutive === this.failingAfter) {
      this.logger.warn("webhooks: endpoint failing", { endpoint: this.ep.id, target: this.ep.target, error, backlog });
    }
  }

  dropped(n: number, error: string): void {
    this.droppedN += n;
    this.dropsUnlogged += n;
    const now = this.now();
    if (now - this.lastDropLog < DROP_LOG_MS) return;
    this.logger.warn("webhooks: deliveries dropped", {
      endpoint: this.ep.id,
      target: this.ep.target,
      dropped: this.dropsUnlogged,
      error,
    });
    this.dropsUnlogged = 0;
    this.lastDropLog = now;
  }

  status(backlog: number): WebhookStatus {
    return {
      id: this.ep.id,
      target: this.ep.target,
      format: this.ep.format,
      state: this.consecutive >= this.failingAfter ? "failing" : this.consecutive > 0 ? "retrying" : "ok",
      backlog,
      delivered: this.deliveredN,
      failed_attempts: this.failedAttempts,
      dropped: this.droppedN,
      consecutive_failures: this.consecutive,
      last_success: this.lastSuccess === null ? null : new Date(this.lastSuccess).toISOString(),
      last_error: this.lastError,
    };
  }
}
