/**
 * One SSE response body with coalesced writes and a bounded backlog. Writes are appended to a
 * string buffer and handed to the runtime once per tick, and only when it asks for more (`pull`):
 * Bun drains whatever is enqueued into its own unbounded buffer, but calls `pull` only when the
 * socket takes data, so the bytes still held here measure how far the client is behind. Past
 * `bufferLimit` the backlog is dropped and the stream ended (after an optional farewell frame): the
 * client reconnects and resumes from its Last-Event-ID. Ending a body does not free a socket whose
 * peer stopped reading — `onClose("slow")` lets the transport re-arm Bun's idle timeout for that.
 */

export type SseCloseReason = "client" | "slow" | "server";

export interface SseStreamOptions {
  bufferLimit: number;
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
  private chunks: string[] = [];
  private pending = 0;
  private scheduled = false;
  private wantsData: (() => void) | null = null;
  private waiters: (() => void)[] = [];
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

  /** Bytes (UTF-16 units, close enough for JSON) written but not yet taken by the runtime. */
  bufferedAmount(): number {
    return this.pending;
  }

  write(text: string): void {
    if (!this.open) return;
    this.chunks.push(text);
    this.pending += text.length;
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
    return new Promise((resolve) => this.waiters.push(resolve));
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

  private handOver(): void {
    const text = this.chunks.length === 1 ? this.chunks[0]! : this.chunks.join("");
    this.chunks = [];
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
    for (const w of this.waiters.splice(0)) w();
  }

  private fail(): void {
    this.chunks = [];
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
    for (const w of this.waiters.splice(0)) w();
    this.options.onClose(reason);
  }
}
