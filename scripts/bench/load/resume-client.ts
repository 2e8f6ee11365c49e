/**
 * One client of the resume storm: a raw WebSocket or SSE connection (the stress tool's raw-ws.ts
 * / raw-sse.ts: seqs scanned from the bytes, no JSON.parse per event) following one strategy's
 * signals with a cursor. When the hub goes away it reconnects the way the SDK does — full-jitter
 * exponential backoff bounded by the time away (packages/client backoff.ts; the connector's
 * policy, reset rule and time-away rule) — and resumes from
 * its last seq. It notes, per phase (one hub restart), when it was dropped, when it was connected
 * again, and when the hub said `replayed` (everything it missed was sent: caught up).
 */
import { formatResumeToken } from "@tickerwire/protocol";
import type { RawLink, RawSink } from "../../../apps/simulator/src/stress/raw-link.ts";
import { openRawSse } from "../../../apps/simulator/src/stress/raw-sse.ts";
import { openRawWs } from "../../../apps/simulator/src/stress/raw-ws.ts";
import { DeliveryTracker } from "../../../apps/simulator/src/stress/tracker.ts";
import { attemptAfterDrop, backoffDelay, DEFAULT_BACKOFF } from "../../../packages/client/src/backoff.ts";
import { signalTopic } from "./signal-topics.ts";

export type Transport = "ws" | "sse";

export interface ClientEnv {
  now: () => number;
  random: () => number;
  /** Any bytes arrived (for the drain's quiet period). */
  onActivity: (at: number) => void;
}

interface Control {
  type?: unknown;
  epoch?: unknown;
  current_seq?: unknown;
  truncated?: unknown;
}

export class ResumeClient {
  tracker: DeliveryTracker | null = null;
  lastSeq = 0;
  /** Connection attempts, over the whole run. */
  attempts = 0;
  /** In the current phase: first drop, then the `connected` and `replayed` after it (0: not yet). */
  droppedAt = 0;
  resumedAt = 0;
  caughtUpAt = 0;
  /** `replayed` messages that said history no longer held everything (must stay 0). */
  truncated = 0;
  private epoch: string | null = null;
  private connectedAt = 0;
  private backoffAttempt = 0;
  /** As the SDK's connector: when a healthy connection was lost (or the first attempt failed). */
  private awaySince: number | null = null;
  private link: RawLink | null = null;
  /** Bumped per connection: callbacks of a replaced connection are ignored. */
  private generation = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(
    readonly transport: Transport,
    readonly topic: number,
    private readonly base: string,
    private readonly env: ClientEnv,
  ) {}

  get connected(): boolean {
    return this.connectedAt > 0 && this.link !== null;
  }

  start(): void {
    this.open();
  }

  /** A new phase (the hub is about to be restarted): forget the last one's times. */
  newPhase(): void {
    this.droppedAt = 0;
    this.resumedAt = 0;
    this.caughtUpAt = 0;
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.generation++;
    this.link?.close();
    this.link = null;
  }

  private url(): string {
    const u = new URL(`/${this.transport}`, this.base);
    u.searchParams.set("topics", signalTopic(this.topic));
    if (this.tracker) {
      u.searchParams.set("last_seq", this.epoch ? formatResumeToken(this.epoch, this.lastSeq) : String(this.lastSeq));
    }
    return u.toString();
  }

  private open(): void {
    const gen = ++this.generation;
    this.attempts++;
    this.connectedAt = 0;
    const sink: RawSink = {
      seq: (seq, at) => {
        if (gen !== this.generation) return;
        this.env.onActivity(at);
        this.tracker?.record(seq);
        if (seq > this.lastSeq) this.lastSeq = seq;
      },
      control: (text) => {
        if (gen === this.generation) this.control(text);
      },
      closed: () => {
        if (gen === this.generation) this.dropped();
      },
    };
    this.link = this.transport === "ws" ? openRawWs(this.url(), sink) : openRawSse(this.url(), sink);
  }

  private control(text: string): void {
    let m: Control;
    try {
      m = JSON.parse(text) as Control;
    } catch {
      return;
    }
    const now = this.env.now();
    this.env.onActivity(now);
    if (m.type === "connected") {
      this.connectedAt = now;
      if (typeof m.epoch === "string") this.epoch = m.epoch;
      if (!this.tracker && typeof m.current_seq === "number") {
        this.tracker = new DeliveryTracker(m.current_seq);
        this.lastSeq = m.current_seq;
      }
      if (this.droppedAt > 0 && this.resumedAt === 0) this.resumedAt = now;
    } else if (m.type === "replayed") {
      if (m.truncated === true) this.truncated++;
      if (this.droppedAt > 0 && this.caughtUpAt === 0) this.caughtUpAt = now;
    }
  }

  /** The connection ended or was refused: back off like the SDK, then resume from the last seq. */
  private dropped(): void {
    if (this.closed) return;
    const now = this.env.now();
    if (this.droppedAt === 0) this.droppedAt = now;
    if (this.connectedAt > 0) {
      this.backoffAttempt = attemptAfterDrop(this.backoffAttempt, this.connectedAt, now, DEFAULT_BACKOFF);
      if (this.awaySince === null || now - this.connectedAt >= DEFAULT_BACKOFF.resetAfterMs) this.awaySince = now;
    }
    this.awaySince ??= now;
    this.generation++;
    this.link = null;
    this.connectedAt = 0;
    const delay = backoffDelay(this.backoffAttempt, DEFAULT_BACKOFF, this.env.random, now - this.awaySince);
    this.backoffAttempt++;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.closed) this.open();
    }, delay);
  }
}
