/**
 * A lean stress client for high load over raw-ws.ts / raw-sse.ts: each event's seq is scanned
 * from the bytes (no JSON.parse, no schema check — the SDK's per-message validation would make
 * the load generator, not the hub, the thing measured). Sees the hub's output as is: no
 * de-duplication. Reconnects and resumes from its last seq (with the epoch's resume token).
 */

import type { TransportKind } from "@tickerwire/protocol";
import { formatResumeToken } from "@tickerwire/protocol";
import type { ConsumerOptions, StressConsumer } from "./consumer.ts";
import type { RawLink, RawSink } from "./raw-link.ts";
import { openRawSse } from "./raw-sse.ts";
import { openRawWs } from "./raw-ws.ts";
import { DeliveryTracker } from "./tracker.ts";

interface Control {
  type?: unknown;
  current_seq?: unknown;
  epoch?: unknown;
}

const RETRY_MS = 200;

export class RawConsumer implements StressConsumer {
  tracker: DeliveryTracker | null = null;
  reconnects = 0;
  private lastSeq = 0;
  private epoch: string | null = null;
  private closed = false;
  private link: RawLink | null = null;
  /** Bumped per connection: callbacks of a replaced connection are ignored. */
  private generation = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly o: ConsumerOptions) {
    this.open();
  }

  get transport(): TransportKind {
    return this.o.transport;
  }

  get patterns(): readonly string[] {
    return this.o.patterns;
  }

  churn(): void {
    if (this.closed || !this.tracker) return;
    this.reconnects++;
    this.drop();
    this.open();
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.drop();
  }

  private drop(): void {
    this.generation++;
    this.link?.close();
    this.link = null;
  }

  private url(): string {
    const u = new URL(`/${this.o.transport}`, this.o.url);
    u.searchParams.set("topics", this.o.patterns.join(","));
    if (this.tracker) {
      u.searchParams.set("last_seq", this.epoch ? formatResumeToken(this.epoch, this.lastSeq) : String(this.lastSeq));
    }
    return u.toString();
  }

  private open(): void {
    const gen = ++this.generation;
    const sink: RawSink = {
      seq: (seq, at) => {
        if (gen !== this.generation) return;
        this.tracker?.record(seq);
        if (seq > this.lastSeq) this.lastSeq = seq;
        this.o.onEvent(seq, at, this.o.transport);
      },
      control: (text) => {
        if (gen === this.generation) this.control(text);
      },
      closed: () => {
        if (gen === this.generation) this.retry();
      },
    };
    this.link = this.o.transport === "ws" ? openRawWs(this.url(), sink) : openRawSse(this.url(), sink);
  }

  private control(text: string): void {
    let m: Control;
    try {
      m = JSON.parse(text) as Control;
    } catch {
      return; // not ours to judge: the report counts what arrived
    }
    if (m.type !== "connected") return;
    if (typeof m.epoch === "string") this.epoch = m.epoch;
    if (!this.tracker && typeof m.current_seq === "number") {
      this.tracker = new DeliveryTracker(m.current_seq);
      this.lastSeq = m.current_seq;
    }
  }

  /** The hub closed us (restart, lagging) or refused: come back and resume from the last seq. */
  private retry(): void {
    if (this.closed) return;
    this.reconnects++;
    this.drop();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.closed && !this.link) this.open();
    }, RETRY_MS);
  }
}
