/**
 * One webhook endpoint's deliveries, on the leader: matching events in seq order, one at a time
 * (per-endpoint order), each retried with backoff until delivered, refused, or older than
 * `retry_for`. Its own loop and timers, so a slow or dead endpoint never holds up the hub or
 * another endpoint.
 *
 * Durability: the queue is the bus's durable log itself plus a cursor in the watch store (`hook:
 * <id>@<epoch>`, every match at or below it was delivered or given up). Live batches feed an
 * in-memory queue (at most `queueCap` events); after a restart, a new leader, or an overflow,
 * the worker refills from the history after its cursor. Invariant: every match with
 * `delivered < seq <= queuedThrough` is in `queue`, in order. Delivery is at least once: a
 * receiver deduplicates by the `Idempotency-Key` (`<epoch>:<seq>`).
 */
import type { Bus, StoredEvent } from "@tickerwire/bus";
import type { WebhookStatus } from "@tickerwire/protocol";
import type { Logger } from "../../logger.ts";
import type { WebhookEndpoint } from "../config/webhook-file.ts";
import type { WatchStore } from "../store/watch-store.ts";
import { type AttemptOutcome, attemptDelivery } from "./attempt.ts";
import { type BackoffOptions, retryDelayMs } from "./backoff.ts";
import { EndpointHealth } from "./endpoint-health.ts";
import { compileEndpointMatcher } from "./endpoint-match.ts";
import { webhookBody } from "./payload.ts";

export interface WorkerDeps {
  ep: WebhookEndpoint;
  bus: Bus;
  store: WatchStore;
  logger: Logger;
  fetch: typeof fetch;
  now: () => number;
  random: () => number;
  /** Retry delays (default: from 1 s doubling up to the endpoint's max_retry_delay). */
  backoff?: BackoffOptions;
  queueCap?: number;
  /** Consecutive failed attempts after which the endpoint counts as failing (default 5). */
  failingAfter?: number;
}

const IDLE_SAVE_MS = 5_000;

export class EndpointWorker {
  private readonly match;
  private readonly cap: number;
  private queue: StoredEvent[] = [];
  private queuedThrough = 0;
  private live = 0;
  private delivered = 0;
  private running = false;
  private loopDone: Promise<void> = Promise.resolve();
  /** Ends the idle sleep (new matches) / any sleep (stop). */
  private idleWake: (() => void) | null = null;
  private cancelSleep: (() => void) | null = null;
  private stopper = new AbortController();
  private lastIdleSave = 0;
  private headFailures = 0;
  private readonly health: EndpointHealth;
  private readonly backoff: BackoffOptions;

  constructor(private readonly d: WorkerDeps) {
    this.match = compileEndpointMatcher(d.ep);
    this.cap = d.queueCap ?? 10_000;
    this.health = new EndpointHealth(d.ep, d.logger, d.now, d.failingAfter);
    const max = d.ep.maxRetryDelayMs;
    this.backoff = d.backoff ?? { baseMs: Math.min(1_000, max), maxMs: max };
  }

  private get cursorName(): string {
    return `hook:${this.d.ep.id}@${this.d.bus.epoch}`;
  }

  /** A committed batch (every instance; only the leader's worker queues). */
  onBatch(events: readonly StoredEvent[]): void {
    const last = events[events.length - 1];
    if (!last) return;
    if (this.running && this.queuedThrough === this.live && this.queue.length < this.cap) {
      const before = this.queue.length;
      for (const e of events) if (this.match(e)) this.queue.push(e);
      this.queuedThrough = last.seq;
      if (this.queue.length > before) this.idleWake?.();
    }
    this.live = last.seq;
  }

  /** On becoming the leader: resume after the stored cursor (first run: from now). */
  async start(liveSeq: number): Promise<void> {
    await this.loopDone; // a loop from an earlier term as leader has ended
    this.live = Math.max(this.live, liveSeq);
    let cursor = await this.d.store.getCursor(this.cursorName);
    if (cursor === null || cursor > this.live) {
      cursor = this.live;
      await this.d.store.advanceCursor(this.cursorName, cursor);
    }
    this.delivered = cursor;
    this.queuedThrough = cursor;
    this.queue = [];
    this.stopper = new AbortController();
    this.running = true;
    this.loopDone = this.loop();
  }

  stop(): void {
    this.running = false;
    this.stopper.abort();
    this.cancelSleep?.();
  }

  /** Waits `ms` (null: until woken); new matches end it only when `wakeOnEvents` (not a backoff). */
  private sleep(ms: number | null, wakeOnEvents: boolean): Promise<void> {
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const done = () => {
        clearTimeout(timer);
        if (this.idleWake === done) this.idleWake = null;
        if (this.cancelSleep === done) this.cancelSleep = null;
        resolve();
      };
      if (ms !== null) timer = setTimeout(done, ms);
      if (wakeOnEvents) this.idleWake = done;
      this.cancelSleep = done;
    });
  }

  private async loop(): Promise<void> {
    while (this.running) {
      try {
        if (this.queue.length === 0 && this.queuedThrough < this.live) await this.refill();
        const head = this.queue[0];
        if (!head) {
          await this.sleep(null, true);
          continue;
        }
        const outcome = await attemptDelivery(
          {
            url: this.d.ep.url,
            secret: this.d.ep.secret,
            body: webhookBody(head, this.d.ep.format),
            deliveryId: `${this.d.bus.epoch}:${head.seq}`,
            seq: head.seq,
            endpointId: this.d.ep.id,
            timeoutMs: this.d.ep.timeoutMs,
          },
          this.d.fetch,
          this.d.now,
          this.stopper.signal,
        );
        if (!this.running) break;
        await this.settle(outcome);
      } catch (e) {
        // The store or the history is unavailable (Redis away): wait and go on from the cursor.
        this.d.logger.warn("webhooks: delivery loop error; retrying", { endpoint: this.d.ep.id, error: e });
        await this.sleep(1_000, false);
      }
    }
  }

  private async settle(outcome: AttemptOutcome): Promise<void> {
    if (outcome.kind === "delivered") {
      this.health.delivered();
      this.headFailures = 0;
      await this.done(1);
      return;
    }
    this.health.failed(outcome.error, this.queue.length);
    if (outcome.kind === "drop") {
      this.headFailures = 0;
      this.health.dropped(1, outcome.error);
      await this.done(1);
      return;
    }
    this.headFailures++;
    // Past retry_for: give up on this delivery and every queued one as old (they wait on the same endpoint).
    const cutoff = this.d.now() - this.d.ep.retryForMs;
    let old = 0;
    while (old < this.queue.length && Date.parse(this.queue[old]!.timestamp) < cutoff) old++;
    if (old > 0) {
      this.headFailures = 0;
      this.health.dropped(old, `${outcome.error}; retried for ${this.d.ep.retryForMs / 1000} s`);
      await this.done(old);
      return;
    }
    await this.sleep(retryDelayMs(this.headFailures, this.d.random, this.backoff), false);
  }

  /** Removes `n` settled deliveries from the head and saves the cursor past them. */
  private async done(n: number): Promise<void> {
    const last = this.queue[n - 1];
    this.queue.splice(0, n);
    if (!last) return;
    this.delivered = last.seq;
    await this.d.store.advanceCursor(this.cursorName, last.seq);
  }

  /** Reads matches after `queuedThrough` from the history, up to the cap and the live mark. */
  private async refill(): Promise<void> {
    while (this.running && this.queue.length < this.cap && this.queuedThrough < this.live) {
      const from = this.queuedThrough;
      const page = await this.d.bus.history({ after: from, patterns: this.d.ep.topics, limit: 1000 });
      if (page.truncated && page.oldestSeq > from + 1) {
        this.d.logger.warn("webhooks: events expired from the history before delivery", {
          endpoint: this.d.ep.id,
          after: from,
          oldest: page.oldestSeq,
        });
      }
      for (const e of page.events) if (e.seq <= this.live && this.match(e)) this.queue.push(e);
      this.queuedThrough = page.hasMore ? Math.min(page.nextAfter, this.live) : this.live;
      if (page.hasMore && page.nextAfter <= from) break;
    }
  }

  /** Every tick: with nothing pending, move the saved cursor up to what was scanned (bounds a restart's rescan). */
  async tick(): Promise<void> {
    if (!this.running || this.queue.length > 0 || this.queuedThrough !== this.live || this.live <= this.delivered)
      return;
    const now = this.d.now();
    if (now - this.lastIdleSave < IDLE_SAVE_MS) return;
    this.lastIdleSave = now;
    this.delivered = this.live;
    await this.d.store.advanceCursor(this.cursorName, this.live);
  }

  status(): WebhookStatus {
    return this.health.status(this.queue.length);
  }
}
