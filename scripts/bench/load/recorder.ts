/**
 * Counts what a load process's clients receive: distinct and repeated deliveries per client (a
 * bitset over the publisher's event number k, so any arrival order is fine), latency and rate
 * inside the measurement window, deliveries per second. One instance per load process; `onEvent`
 * is the hot path and allocates nothing.
 */
import { Histogram, type Summary } from "../stats.ts";

export interface DeliveryReport {
  clients: number;
  /** Distinct events received, summed over clients (what "lost" is computed from). */
  unique: number;
  /** Events the same client received more than once. */
  duplicates: number;
  /** Deliveries with k ≥ maxK, outside the bitset: counted in `unique` unchecked (should be 0). */
  beyondRange: number;
  /** Deliveries received inside the window, and their latency (receive − send, ms). */
  windowDeliveries: number;
  windowMs: number;
  latency: Summary;
  /** Deliveries per whole second from the window start (the last bucket may be partial). */
  perSecond: number[];
  /** Mean delivered message size in characters (to check the ~200-byte event). */
  meanChars: number;
  firstReceiveMs: number | null;
  lastReceiveMs: number | null;
}

export class DeliveryRecorder {
  /** One bit per (client, k): client c's bits start at byte c × stride. */
  private readonly seen: Uint8Array;
  private readonly stride: number;
  private readonly hist = new Histogram();
  private readonly seconds: Float64Array;
  private windowStart = Number.POSITIVE_INFINITY;
  private windowEnd = Number.NEGATIVE_INFINITY;
  private unique = 0;
  private duplicates = 0;
  private beyond = 0;
  private inWindow = 0;
  private chars = 0;
  private messages = 0;
  private first: number | null = null;
  private last: number | null = null;

  constructor(
    readonly clients: number,
    readonly maxK: number,
    maxSeconds = 120,
  ) {
    this.stride = Math.ceil(maxK / 8);
    this.seen = new Uint8Array(clients * this.stride);
    this.seconds = new Float64Array(maxSeconds);
  }

  /** Sets the measurement window (wall-clock ms, [start, end)). */
  setWindow(start: number, end: number): void {
    this.windowStart = start;
    this.windowEnd = end;
  }

  /** One event received by `client` at wall-clock `now`. */
  onEvent(client: number, k: number, sendMs: number, now: number): void {
    if (k < this.maxK) {
      const at = client * this.stride + (k >> 3);
      const bit = 1 << (k & 7);
      const byte = this.seen[at] as number;
      if (byte & bit) this.duplicates++;
      else {
        this.seen[at] = byte | bit;
        this.unique++;
      }
    } else {
      this.beyond++;
      this.unique++;
    }
    if (this.first === null) this.first = now;
    this.last = now;
    if (now >= this.windowStart) {
      if (now < this.windowEnd) {
        this.inWindow++;
        this.hist.record(now - sendMs);
      }
      const s = Math.floor((now - this.windowStart) / 1000);
      if (s < this.seconds.length) this.seconds[s]! += 1;
    }
  }

  /** Adds a received message's size (call once per message, not per event, if cheaper). */
  addChars(n: number): void {
    this.chars += n;
    this.messages++;
  }

  report(): DeliveryReport {
    const windowMs = Number.isFinite(this.windowEnd - this.windowStart) ? this.windowEnd - this.windowStart : 0;
    const secs = Math.max(1, Math.ceil(windowMs / 1000));
    return {
      clients: this.clients,
      unique: this.unique,
      duplicates: this.duplicates,
      beyondRange: this.beyond,
      windowDeliveries: this.inWindow,
      windowMs,
      latency: this.hist.summary(),
      perSecond: Array.from(this.seconds.subarray(0, secs)),
      meanChars: this.messages ? Math.round(this.chars / this.messages) : 0,
      firstReceiveMs: this.first,
      lastReceiveMs: this.last,
    };
  }
}
