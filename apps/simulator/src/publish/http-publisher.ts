/**
 * Publishes events to a hub over `POST /api/v1/events`. Events are queued and sent in batches
 * (up to `maxBatch` events or `maxBatchBytes`, or whatever accumulated after `lingerMs`), one
 * request at a time so the hub assigns seqs in the order events were produced. Each batch gets
 * its own Idempotency-Key; post-batch.ts retries it safely. A 4xx stops the publisher: every
 * later call rejects with the PublishRejectedError.
 */
import type { BackoffCurve } from "@tickerwire/client";
import type { PublishableEvent } from "@tickerwire/protocol";
import { MAX_BATCH } from "@tickerwire/protocol";
import { toPublishItem } from "../events.ts";
import { PublisherClosedError } from "./errors.ts";
import type { FetchLike, PostOptions, RetryInfo } from "./post-batch.ts";
import { postBatch } from "./post-batch.ts";
import { sleep as realSleep } from "./sleep.ts";

/** Retry delays of a batch: full jitter (the SDK's backoffDelay) from 200 ms up to 10 s. */
export const DEFAULT_PUBLISH_BACKOFF: BackoffCurve = { minMs: 200, maxMs: 10_000, factor: 2 };

export interface AcceptedBatch {
  key: string;
  seqs: number[];
  /** The topic of each event, in the order of `seqs`. */
  topics: string[];
  /** Date.now() when the first attempt was sent. */
  sentAt: number;
  attempts: number;
  /** The hub had seen the key already (a retry of a batch it had accepted). */
  duplicate: boolean;
}

export interface HttpPublisherOptions {
  /** Hub base URL, e.g. http://127.0.0.1:8080. */
  url: string;
  fetch?: FetchLike;
  maxBatch?: number;
  /** A batch also stops growing at this many bytes of JSON (the hub's body limit is 1 MiB by default). */
  maxBatchBytes?: number;
  /** How long a partial batch may wait for company before it is sent. */
  lingerMs?: number;
  /** `publish()` waits while more than this many events are queued (the hub is slow or down). */
  maxQueued?: number;
  /** Attempts per batch before giving up (PublishGaveUpError). */
  maxAttempts?: number;
  backoff?: Partial<BackoffCurve>;
  requestTimeoutMs?: number;
  /** Idempotency keys are `<keyPrefix>-<batch number>`; unique per run by default. */
  keyPrefix?: string;
  /**
   * Names this publisher to the hub's engine liveness watch (`X-Engine-Id`), so operators see it
   * up or stale; undefined: anonymous (with AUTH=jwt the token's sub names it anyway).
   */
  engineId?: string;
  random?: () => number;
  now?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  onRetry?: (info: RetryInfo) => void;
  onAccepted?: (batch: AcceptedBatch) => void;
}

export type PublisherState = "ok" | "retrying" | "failed" | "closed";

export interface PublisherStats {
  state: PublisherState;
  queued: number;
  /** Events the hub acknowledged. */
  accepted: number;
  batches: number;
  retries: number;
  lastSeq: number;
  lastError: string | null;
}

/** A queued event: its topic, and its `{topic, data}` JSON, serialized once when queued. */
interface Item {
  topic: string;
  json: string;
}

export class HttpPublisher {
  private readonly o: Required<Omit<HttpPublisherOptions, "onRetry" | "onAccepted" | "backoff" | "engineId">> & {
    backoff: BackoffCurve;
  };
  private readonly post: PostOptions;
  private readonly aborter = new AbortController();
  private queue: Item[] = [];
  private pumping: Promise<void> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private waiters: { resolve: () => void; reject: (e: Error) => void }[] = [];
  private failure: Error | null = null;
  private closed = false;
  private batchNo = 0;
  private s = { accepted: 0, batches: 0, retries: 0, lastSeq: 0, lastError: null as string | null, retrying: false };

  constructor(private readonly options: HttpPublisherOptions) {
    this.o = {
      url: options.url,
      fetch: options.fetch ?? ((url, init) => fetch(url, init)),
      maxBatch: Math.min(options.maxBatch ?? 500, MAX_BATCH),
      maxBatchBytes: options.maxBatchBytes ?? 512 * 1024,
      lingerMs: options.lingerMs ?? 25,
      maxQueued: options.maxQueued ?? 10_000,
      maxAttempts: options.maxAttempts ?? 40,
      backoff: { ...DEFAULT_PUBLISH_BACKOFF, ...options.backoff },
      requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
      keyPrefix: options.keyPrefix ?? `sim-${crypto.randomUUID()}`,
      random: options.random ?? Math.random,
      now: options.now ?? Date.now,
      sleep: options.sleep ?? realSleep,
    };
    this.post = {
      ...this.o,
      endpoint: new URL("/api/v1/events", options.url).toString(),
      ...(options.engineId ? { engineId: options.engineId } : {}),
      signal: this.aborter.signal,
      onRetry: (info) => {
        this.s.retries++;
        this.s.retrying = true;
        this.s.lastError = info.reason;
        this.options.onRetry?.(info);
      },
    };
  }

  get stats(): PublisherStats {
    const state: PublisherState = this.failure
      ? "failed"
      : this.closed
        ? "closed"
        : this.s.retrying
          ? "retrying"
          : "ok";
    const { retrying: _, ...rest } = this.s;
    return { state, queued: this.queue.length, ...rest };
  }

  /** Queues events; waits while the queue is over `maxQueued`. Rejects once the publisher has failed. */
  async publish(events: readonly PublishableEvent[]): Promise<void> {
    this.check();
    for (const e of events) this.queue.push({ topic: e.topic, json: JSON.stringify(toPublishItem(e)) });
    this.schedule();
    while (this.queue.length > this.o.maxQueued) {
      await this.progress();
      this.check();
    }
  }

  /** Sends everything queued now; resolves when the hub has accepted it all. */
  async flush(): Promise<void> {
    this.check();
    this.startPump();
    while (this.queue.length > 0 || this.pumping) {
      await this.progress();
      this.check();
    }
  }

  /** Flushes, then refuses further events. */
  async close(): Promise<void> {
    try {
      if (!this.closed && !this.failure) await this.flush();
    } finally {
      this.closed = true;
      this.clearTimer();
    }
  }

  /** Stops at once: cancels the request and backoff in progress; queued events are dropped. */
  abort(): void {
    this.closed = true;
    this.failure ??= new PublisherClosedError("publisher aborted");
    this.aborter.abort();
    this.clearTimer();
    this.wake();
  }

  private check(): void {
    if (this.failure) throw this.failure;
    if (this.closed) throw new PublisherClosedError("publisher is closed");
  }

  private schedule(): void {
    if (this.pumping) return;
    if (this.queue.length >= this.o.maxBatch || this.o.lingerMs <= 0) this.startPump();
    else this.timer ??= setTimeout(() => this.startPump(), this.o.lingerMs);
  }

  private startPump(): void {
    this.clearTimer();
    if (this.pumping || this.queue.length === 0 || this.failure) return;
    this.pumping = this.pump().finally(() => {
      this.pumping = null;
      if (this.queue.length > 0 && !this.failure) this.schedule();
      this.wake();
    });
  }

  private async pump(): Promise<void> {
    while (this.queue.length > 0 && !this.failure) {
      const batch = this.queue.splice(0, this.batchLength());
      try {
        await this.send(batch);
      } catch (e) {
        this.queue.unshift(...batch);
        this.failure ??= e instanceof Error ? e : new Error(String(e));
        this.s.lastError = this.failure.message;
        return;
      }
      this.wake();
    }
  }

  /** How many queued items make the next batch: up to maxBatch and maxBatchBytes (at least one). */
  private batchLength(): number {
    let bytes = 2;
    let n = 0;
    while (n < this.queue.length && n < this.o.maxBatch) {
      bytes += (this.queue[n] as Item).json.length + 1;
      if (n > 0 && bytes > this.o.maxBatchBytes) break;
      n++;
    }
    return n;
  }

  private async send(items: Item[]): Promise<void> {
    const key = `${this.o.keyPrefix}-${++this.batchNo}`;
    const body = `[${items.map((i) => i.json).join(",")}]`; // serialized once for every attempt
    const sentAt = this.o.now();
    const { seqs, duplicate, attempts } = await postBatch(this.post, key, body);
    this.s.retrying = false;
    this.s.accepted += items.length;
    this.s.batches++;
    if (seqs.length > 0) this.s.lastSeq = Math.max(this.s.lastSeq, ...seqs);
    const topics = items.map((i) => i.topic);
    this.options.onAccepted?.({ key, seqs, topics, sentAt, attempts, duplicate });
  }

  private progress(): Promise<void> {
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) {
      if (this.failure) w.reject(this.failure);
      else w.resolve();
    }
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

export function createHttpPublisher(options: HttpPublisherOptions): HttpPublisher {
  return new HttpPublisher(options);
}
