/**
 * One SSE response body with coalesced writes and a bounded backlog. Writes are appended to a
 * string buffer and handed to the runtime once per tick, and only when it asks for more (`pull`):
 * Bun drains whatever is enqueued into its own unbounded buffer, but calls `pull` only when the
 * socket takes data, so the bytes still held here measure how far the client is behind. Past
 * `softLimit` the held frames are conflated: a frame written with a conflatable event (metrics,
 * candle) removes the held frame of the same stream, so the latest value wins and order is kept.
 * Past `bufferLimit` the backlog is dropped and the stream ended (after an optional farewell frame):
 * the client reconnects and resumes from its Last-Event-ID. Ending a body does not free a socket
 * whose peer stopped reading — `onClose("slow")` lets the transport re-arm Bun's idle timeout.
 */
import { type ConflatableShape, conflationKey } from "@tickerwire/protocol";

export type SseCloseReason = "client" | "slow" | "server";

export interface SseStreamOptions {
  bufferLimit: number;
  /** Held bytes past which conflatable frames replace older ones of their stream (default: never). */
  softLimit?: number;
  /** The held backlog passed the soft limit: conflation starts (once per episode). */
  onSlow?(): void;
  /** `n` held frames were removed by conflation. */
  onConflate?(n: number): void;
  onClose(reason: SseCloseReason): void;
  /** Written last when the stream is dropped as too slow (e.g. an `error` frame saying "lagged"). */
  slowFarewell?: string;
  /** Runs the coalesced flush (default: setImmediate, i.e. once per event-loop tick). */
  schedule?: (flush: () => void) => void;
}

const encoder = new TextEncoder();

export class SseStream {
  readonly body: ReadableStream<Uint8Array>;
  private controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  /** Held frames; null where a conflated frame was removed. */
  private chunks: (string | null)[] = [];
  /** The event each held frame carries, when it is a live event (for conflation). */
  private sources: (ConflatableShape | undefined)[] = [];
  /** While conflating: conflation key → index of the held frame of that stream. */
  private keyed: Map<string, number> | null = null;
  private pending = 0;
  private scheduled = false;
  private wantsData: (() => void) | null = null;
  /** Made by the first `writable()` that has to wait (most streams never do). */
  private waiters: (() => void)[] | null = null;
  private open = true;
  private readonly schedule: (flush: () => void) => void;
  /** Writes handed to the runtime so far (one per tick at most). */
  writes = 0;

  constructor(private readonly options: SseStreamOptions) {
    this.schedule = options.schedule ?? ((f) => setImmediate(f));
    this.body = new ReadableStream<Uint8Array>(
      {
        start: (c) => {
          this.controller = c;
        },
        pull: () => {
          if (this.pending > 0) {
            this.handOver();
            return;
          }
          return new Promise<void>((resolve) => {
            this.wantsData = resolve;
          });
        },
        cancel: () => this.finish("client"),
      },
      { highWaterMark: 0 },
    );
  }

  get isOpen(): boolean {
    return this.open;
  }

  /** True while the held backlog is past the soft limit (frames are being conflated). */
  get isConflating(): boolean {
    return this.keyed !== null;
  }

  /** Bytes (UTF-16 units, close enough for JSON) written but not yet taken by the runtime. */
  bufferedAmount(): number {
    return this.pending;
  }

  /** Holds a frame; `source`: the live event it carries, which makes it conflatable when slow. */
  write(text: string, source?: ConflatableShape): void {
    if (!this.open) return;
    if (this.keyed && source) this.replaceOlder(source, this.chunks.length);
    this.chunks.push(text);
    this.sources.push(source);
    this.pending += text.length;
    if (!this.keyed && this.options.softLimit !== undefined && this.pending > this.options.softLimit) {
      this.startConflating();
    }
    if (this.pending > this.options.bufferLimit) {
      this.fail();
      return;
    }
    if (!this.scheduled) {
      this.scheduled = true;
      this.schedule(() => {
        this.scheduled = false;
        if (this.open && this.wantsData) this.handOver();
      });
    }
  }

  /** Resolves when the backlog is under a quarter of the limit, or the stream closed. */
  writable(): Promise<void> {
    if (!this.open || this.pending <= this.options.bufferLimit / 4) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiters ??= [];
      this.waiters.push(resolve);
    });
  }

  /** Graceful end: what is buffered is still sent, then the response finishes. */
  end(): void {
    if (!this.open) return;
    if (this.pending > 0) this.handOver();
    try {
      this.controller?.close();
    } catch {
      // already closed by the runtime
    }
    this.finish("server");
  }

  /** The client went away (request aborted). */
  abort(): void {
    this.finish("client");
  }

  /** One pass over what is held (once per slow episode): afterwards each write conflates in O(1). */
  private startConflating(): void {
    this.keyed = new Map();
    this.options.onSlow?.();
    for (let i = 0; i < this.chunks.length; i++) {
      const source = this.sources[i];
      if (source && this.chunks[i] !== null) this.replaceOlder(source, i);
    }
  }

  private replaceOlder(source: ConflatableShape, index: number): void {
    const key = conflationKey(source);
    if (key === null || !this.keyed) return;
    const prev = this.keyed.get(key);
    if (prev !== undefined) {
      this.pending -= this.chunks[prev]?.length ?? 0;
      this.chunks[prev] = null;
      this.options.onConflate?.(1);
    }
    this.keyed.set(key, index);
  }

  private handOver(): void {
    const text = this.chunks.length === 1 ? (this.chunks[0] ?? "") : this.chunks.join("");
    this.chunks = [];
    this.sources = [];
    this.keyed = null;
    this.pending = 0;
    try {
      this.controller?.enqueue(encoder.encode(text));
      this.writes++;
    } catch {
      this.finish("client");
      return;
    }
    const wake = this.wantsData;
    this.wantsData = null;
    wake?.();
    this.wakeWaiters();
  }

  private wakeWaiters(): void {
    const waiters = this.waiters;
    this.waiters = null;
    for (const w of waiters ?? []) w();
  }

  private fail(): void {
    this.chunks = [];
    this.sources = [];
    this.keyed = null;
    this.pending = 0;
    try {
      // close(), not error(): Bun logs an errored body as an unhandled error.
      if (this.options.slowFarewell) this.controller?.enqueue(encoder.encode(this.options.slowFarewell));
      this.controller?.close();
    } catch {
      // already closed
    }
    this.finish("slow");
  }

  private finish(reason: SseCloseReason): void {
    if (!this.open) return;
    this.open = false;
    this.wantsData?.();
    this.wantsData = null;
    this.wakeWaiters();
    this.options.onClose(reason);
  }
}
