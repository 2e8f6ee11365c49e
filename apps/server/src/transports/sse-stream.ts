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
 *
 * Memory: a hub holds thousands of idle streams, so an idle one keeps as little as it can — the
 * stream object is itself the body's underlying source (no closures), limits are shared by every
 * stream of a transport, the callbacks are methods of one owner object, nothing is held between
 * writes (no arrays), and `pull` records that the runtime asked instead of parking a Promise.
 */
import { type ConflatableShape, conflationKey } from "@tickerwire/protocol";

export type SseCloseReason = "client" | "slow" | "server";

/** Limits and settings; one object shared by every stream of a transport. */
export interface SseStreamLimits {
  bufferLimit: number;
  /** Held bytes past which conflatable frames replace older ones of their stream (default: never). */
  softLimit?: number;
  /** Written last when the stream is dropped as too slow (e.g. an `error` frame saying "lagged"). */
  slowFarewell?: string;
  /** Runs the coalesced flush (default: setImmediate, i.e. once per event-loop tick). */
  schedule?: (flush: () => void) => void;
}

/** Who hears about the stream (the transport's connection object: methods, not closures). */
export interface SseStreamOwner {
  onClose(reason: SseCloseReason): void;
  /** The held backlog passed the soft limit: conflation starts (once per episode). */
  onSlow?(): void;
  /** `n` held frames were removed by conflation. */
  onConflate?(n: number): void;
}

const encoder = new TextEncoder();
const nextTick = (flush: () => void): void => void setImmediate(flush);
/** Bun pulls only when the socket has taken what it was given: no queue of our own in the body. */
const NO_QUEUE: QueuingStrategy<Uint8Array> = { highWaterMark: 0 };

export class SseStream implements UnderlyingDefaultSource<Uint8Array> {
  readonly body: ReadableStream<Uint8Array>;
  private controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  /** Held frames (null where a conflated frame was removed); null when nothing is held. */
  private chunks: (string | null)[] | null = null;
  /** The event each held frame carries, when it is a live event (for conflation). */
  private sources: (ConflatableShape | undefined)[] | null = null;
  /** While conflating: conflation key → index of the held frame of that stream. */
  private keyed: Map<string, number> | null = null;
  private pending = 0;
  private scheduled = false;
  /** The runtime asked for data (`pull`) and has not been given any since. */
  private wantsData = false;
  /** Made by the first `writable()` that has to wait (most streams never do). */
  private waiters: (() => void)[] | null = null;
  private open = true;
  /** Writes handed to the runtime so far (one per tick at most). */
  writes = 0;

  constructor(
    private readonly limits: SseStreamLimits,
    private readonly owner: SseStreamOwner,
  ) {
    this.body = new ReadableStream<Uint8Array>(this, NO_QUEUE);
  }

  /** UnderlyingSource: the body was created. */
  start(controller: ReadableStreamDefaultController<Uint8Array>): void {
    this.controller = controller;
  }

  /**
   * UnderlyingSource: the runtime wants data. Returning nothing (not a pending Promise) is enough:
   * the stream calls `pull` again on the runtime's next read once it has been given a chunk.
   */
  pull(): void {
    if (this.pending > 0) this.handOver();
    else this.wantsData = true;
  }

  /** UnderlyingSource: the runtime dropped the body (the client went away). */
  cancel(): void {
    this.finish("client");
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
    this.chunks ??= [];
    this.sources ??= [];
    const { chunks, sources } = this;
    if (this.keyed && source) this.replaceOlder(source, chunks.length);
    chunks.push(text);
    sources.push(source);
    this.pending += text.length;
    if (!this.keyed && this.limits.softLimit !== undefined && this.pending > this.limits.softLimit) {
      this.startConflating();
    }
    if (this.pending > this.limits.bufferLimit) {
      this.fail();
      return;
    }
    if (!this.scheduled) {
      this.scheduled = true;
      (this.limits.schedule ?? nextTick)(() => {
        this.scheduled = false;
        if (this.open && this.wantsData && this.pending > 0) this.handOver();
      });
    }
  }

  /** Resolves when the backlog is under a quarter of the limit, or the stream closed. */
  writable(): Promise<void> {
    if (!this.open || this.pending <= this.limits.bufferLimit / 4) return Promise.resolve();
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
    this.owner.onSlow?.();
    const chunks = this.chunks ?? [];
    const sources = this.sources ?? [];
    for (let i = 0; i < chunks.length; i++) {
      const source = sources[i];
      if (source && chunks[i] !== null) this.replaceOlder(source, i);
    }
  }

  private replaceOlder(source: ConflatableShape, index: number): void {
    const key = conflationKey(source);
    const chunks = this.chunks;
    if (key === null || !this.keyed || !chunks) return;
    const prev = this.keyed.get(key);
    if (prev !== undefined) {
      this.pending -= chunks[prev]?.length ?? 0;
      chunks[prev] = null;
      this.owner.onConflate?.(1);
    }
    this.keyed.set(key, index);
  }

  private takeHeld(): string {
    const chunks = this.chunks ?? [];
    const text = chunks.length === 1 ? (chunks[0] ?? "") : chunks.join("");
    this.chunks = null;
    this.sources = null;
    this.keyed = null;
    this.pending = 0;
    return text;
  }

  private handOver(): void {
    const text = this.takeHeld();
    // Cleared first: handing over a chunk may make the runtime read (and so pull) again at once.
    this.wantsData = false;
    try {
      this.controller?.enqueue(encoder.encode(text));
      this.writes++;
    } catch {
      this.finish("client");
      return;
    }
    this.wakeWaiters();
  }

  private wakeWaiters(): void {
    const waiters = this.waiters;
    this.waiters = null;
    for (const w of waiters ?? []) w();
  }

  private fail(): void {
    this.takeHeld();
    try {
      // close(), not error(): Bun logs an errored body as an unhandled error.
      if (this.limits.slowFarewell) this.controller?.enqueue(encoder.encode(this.limits.slowFarewell));
      this.controller?.close();
    } catch {
      // already closed
    }
    this.finish("slow");
  }

  private finish(reason: SseCloseReason): void {
    if (!this.open) return;
    this.open = false;
    this.wantsData = false;
    this.wakeWaiters();
    this.owner.onClose(reason);
  }
}
