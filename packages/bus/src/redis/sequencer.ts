/**
 * Gap-free, in-order live delivery for one instance. Events reach an instance by three roads —
 * its own publish replies, notifications from every instance, and reads of the stream — in any
 * order and sometimes twice. The sequencer delivers each seq once, in seq order: contiguous
 * batches at once; for a gap (a notification lost while Redis was down, or one still in flight
 * on the other connection) it reads the missing range from the stream first. Seqs the stream no
 * longer holds (trimmed, or never written after a data loss) are skipped and reported.
 */
import type { StoredEvent } from "../types.ts";

export interface SequencerDeps {
  /** Events with from <= seq <= to that the stream holds, in seq order. Rejects when Redis is unreachable. */
  fetch(from: number, to: number): Promise<StoredEvent[]>;
  /** Hands a batch to the listeners (seq order, never a seq twice). */
  deliver(batch: readonly StoredEvent[]): void;
  /** `count` seqs in from..to were known to exist but the stream no longer holds them. */
  onSkipped?(count: number, from: number, to: number): void;
  onFetchError?(error: unknown): void;
  /** Most events one fetch asks for. Default 1,000. */
  fetchChunk?: number;
  /** Most events held waiting for a gap to be filled; past it they are dropped and re-read. Default 100,000. */
  maxPending?: number;
}

interface Waiter {
  seq: number;
  resolve(reached: boolean): void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

export class Sequencer {
  private last: number;
  private known: number;
  /** Contiguous batches not delivered yet (their first seq is beyond a gap), sorted by first seq. */
  private pending: StoredEvent[][] = [];
  private pendingCount = 0;
  private fetching = false;
  private stalled = false;
  private closed = false;
  private readonly waiters = new Set<Waiter>();
  private readonly chunk: number;
  private readonly maxPending: number;

  /** `start`: the seq already accounted for (the shared seq when the instance started). */
  constructor(
    start: number,
    private readonly deps: SequencerDeps,
  ) {
    this.last = start;
    this.known = start;
    this.chunk = deps.fetchChunk ?? 1_000;
    this.maxPending = deps.maxPending ?? 100_000;
  }

  /** The last seq delivered. */
  get delivered(): number {
    return this.last;
  }

  /** The highest seq known to exist. */
  get tip(): number {
    return this.known;
  }

  /** True while a failed fetch waits for `retry()` (Redis unreachable). */
  get isStalled(): boolean {
    return this.stalled;
  }

  /** A contiguous, seq-ordered batch that exists in the stream. */
  offer(batch: readonly StoredEvent[]): void {
    const lastSeq = batch[batch.length - 1]?.seq;
    if (this.closed || lastSeq === undefined || lastSeq <= this.last) return;
    this.known = Math.max(this.known, lastSeq);
    if (this.pendingCount + batch.length <= this.maxPending) {
      const at = this.pending.findIndex((b) => b[0]!.seq > batch[0]!.seq);
      this.pending.splice(at < 0 ? this.pending.length : at, 0, [...batch]);
      this.pendingCount += batch.length;
    }
    this.pump();
  }

  /** Events up to `seq` exist (a notification without its events, or the shared counter). */
  noteTip(seq: number): void {
    if (this.closed || seq <= this.known) return;
    this.known = seq;
    this.pump();
  }

  /** After a failed fetch: try again (on reconnect, or from the periodic sync). */
  retry(): void {
    this.stalled = false;
    this.pump();
  }

  /** Resolves true once `seq` is delivered, false after `timeoutMs` or on close. */
  waitFor(seq: number, timeoutMs: number): Promise<boolean> {
    if (seq <= this.last) return Promise.resolve(true);
    if (this.closed || timeoutMs <= 0) return Promise.resolve(false);
    return new Promise((resolve) => {
      const w: Waiter = { seq, resolve, timer: undefined };
      w.timer = setTimeout(() => {
        this.waiters.delete(w);
        resolve(false);
      }, timeoutMs);
      this.waiters.add(w);
    });
  }

  close(): void {
    this.closed = true;
    this.pending = [];
    this.pendingCount = 0;
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.resolve(false);
    }
    this.waiters.clear();
  }

  private pump(): void {
    if (this.closed) return;
    this.deliverContiguous();
    if (this.fetching || this.stalled || this.known <= this.last) return;
    const from = this.last + 1;
    const nextHeld = this.pending[0]?.[0]?.seq;
    const to = Math.min(nextHeld !== undefined ? nextHeld - 1 : this.known, from + this.chunk - 1);
    this.fetching = true;
    this.deps.fetch(from, to).then(
      (events) => {
        this.fetching = false;
        if (this.closed) return;
        const fresh = events.filter((e) => e.seq > this.last && e.seq <= to);
        const before = this.last;
        if (fresh.length > 0) this.emit(fresh);
        if (this.last < to) {
          // The stream holds nothing more up to `to`: those seqs are gone; move past them.
          this.last = to;
          this.settleWaiters();
        }
        const missing = to - before - fresh.length;
        if (missing > 0 && before < to) this.deps.onSkipped?.(missing, before + 1, to);
        this.pump();
      },
      (error) => {
        this.fetching = false;
        if (this.closed) return;
        this.stalled = true;
        this.deps.onFetchError?.(error);
      },
    );
  }

  /** Delivers held batches that continue from the last delivered seq. */
  private deliverContiguous(): void {
    while (this.pending.length > 0) {
      const batch = this.pending[0]!;
      const first = batch[0]!.seq;
      const lastSeq = batch[batch.length - 1]!.seq;
      if (first > this.last + 1) return;
      this.pending.shift();
      this.pendingCount -= batch.length;
      if (lastSeq <= this.last) continue;
      this.emit(first > this.last ? batch : batch.filter((e) => e.seq > this.last));
    }
  }

  private emit(batch: StoredEvent[]): void {
    this.last = batch[batch.length - 1]!.seq;
    this.known = Math.max(this.known, this.last);
    this.deps.deliver(batch);
    this.settleWaiters();
  }

  private settleWaiters(): void {
    for (const w of this.waiters) {
      if (w.seq > this.last) continue;
      clearTimeout(w.timer);
      this.waiters.delete(w);
      w.resolve(true);
    }
  }
}
