/**
 * A lean stress client for high load: Bun's WebSocket, or fetch with an SSE parser, and only
 * `JSON.parse` per message (the SDK also validates every message against its schema, which costs
 * several µs each — at 100k+ deliveries/s the load generator, not the hub, would be measured).
 * Sees the hub's output as is: no de-duplication. Reconnects and resumes from its last seq.
 */
import { formatResumeToken } from "@tickerwire/protocol";
import { sleep } from "../publish/sleep.ts";
import type { ConsumerOptions, StressConsumer } from "./consumer.ts";
import type { Transport } from "./report.ts";
import { SseParser } from "./sse-parser.ts";
import { DeliveryTracker } from "./tracker.ts";

interface Parsed {
  type?: unknown;
  seq?: unknown;
  current_seq?: unknown;
  epoch?: unknown;
}

export class RawConsumer implements StressConsumer {
  tracker: DeliveryTracker | null = null;
  reconnects = 0;
  private lastSeq = 0;
  private epoch: string | null = null;
  private closed = false;
  private ws: WebSocket | null = null;
  private sse: AbortController | null = null;

  constructor(private readonly o: ConsumerOptions) {
    this.open();
  }

  get transport(): Transport {
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
    this.drop();
  }

  private drop(): void {
    const ws = this.ws;
    this.ws = null;
    ws?.close();
    this.sse?.abort();
    this.sse = null;
  }

  private url(): string {
    const u = new URL(`/${this.o.transport}`, this.o.url);
    u.searchParams.set("topics", this.o.patterns.join(","));
    if (this.tracker) {
      u.searchParams.set("last_seq", this.epoch ? formatResumeToken(this.epoch, this.lastSeq) : String(this.lastSeq));
    }
    return u.toString();
  }

  private message(text: string): void {
    let m: Parsed;
    try {
      m = JSON.parse(text) as Parsed;
    } catch {
      return; // not ours to judge: the report counts what arrived
    }
    if (typeof m.seq === "number") {
      this.tracker?.record(m.seq);
      if (m.seq > this.lastSeq) this.lastSeq = m.seq;
      this.o.onEvent(m.seq, Date.now(), this.o.transport);
    } else if (m.type === "connected") {
      if (typeof m.epoch === "string") this.epoch = m.epoch;
      if (!this.tracker && typeof m.current_seq === "number") {
        this.tracker = new DeliveryTracker(m.current_seq);
        this.lastSeq = m.current_seq;
      }
    }
  }

  private open(): void {
    if (this.o.transport === "ws") this.openWs();
    else void this.openSse();
  }

  private openWs(): void {
    const ws = new WebSocket(this.url());
    this.ws = ws;
    ws.onmessage = (e) => {
      if (this.ws === ws) this.message(String(e.data));
    };
    ws.onclose = () => {
      if (this.ws === ws) this.retry();
    };
  }

  private async openSse(): Promise<void> {
    const ac = new AbortController();
    this.sse = ac;
    try {
      const res = await fetch(this.url(), { headers: { accept: "text/event-stream" }, signal: ac.signal });
      if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
      const parser = new SseParser();
      const decoder = new TextDecoder();
      for await (const chunk of res.body) {
        parser.push(decoder.decode(chunk, { stream: true }), (m) => this.message(m.data));
      }
    } catch {
      // aborted, refused or cut: handled below
    }
    if (this.sse === ac) this.retry();
  }

  /** The hub closed us (restart, lagging): come back and resume from the last seq. */
  private retry(): void {
    if (this.closed) return;
    this.reconnects++;
    this.ws = null;
    this.sse = null;
    void sleep(200).then(() => {
      if (!this.closed && !this.ws && !this.sse) this.open();
    });
  }
}
