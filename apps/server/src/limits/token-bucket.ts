/**
 * A token bucket: `burst` tokens, refilled at `ratePerS`. Pure state + clock passed in, so it is
 * testable and cheap (no timers). `take` answers whether the action may go ahead and, if not,
 * how long until it could (for Retry-After).
 */
export interface BucketSpec {
  ratePerS: number;
  burst: number;
}

export class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(
    readonly spec: BucketSpec,
    now: number,
  ) {
    this.tokens = spec.burst;
    this.at = now;
  }

  private refill(now: number): void {
    if (now > this.at) {
      this.tokens = Math.min(this.spec.burst, this.tokens + ((now - this.at) / 1000) * this.spec.ratePerS);
      this.at = now;
    }
  }

  /** Takes `n` tokens if there are that many; otherwise takes none. */
  take(now: number, n = 1): boolean {
    this.refill(now);
    if (this.tokens < n) return false;
    this.tokens -= n;
    return true;
  }

  /** Milliseconds until `n` tokens are available (0 when they are). */
  waitMs(now: number, n = 1): number {
    this.refill(now);
    return this.tokens >= n ? 0 : Math.ceil(((n - this.tokens) / this.spec.ratePerS) * 1000);
  }

  /** True when the bucket is full again (it can be forgotten). */
  isFull(now: number): boolean {
    this.refill(now);
    return this.tokens >= this.spec.burst;
  }
}

/** Buckets by key (IP, token subject), bounded: full buckets are forgotten, the oldest go first. */
export class KeyedBuckets {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    readonly spec: BucketSpec,
    private readonly maxKeys = 100_000,
  ) {}

  /** `{ ok: true }` or `{ ok: false, retryAfterS }`. A rate of 0 means unlimited. */
  take(key: string, now: number): { ok: true } | { ok: false; retryAfterS: number } {
    if (this.spec.ratePerS <= 0) return { ok: true };
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size >= this.maxKeys) this.sweep(now);
      b = new TokenBucket(this.spec, now);
      this.buckets.set(key, b);
    }
    if (b.take(now)) return { ok: true };
    return { ok: false, retryAfterS: Math.max(1, Math.ceil(b.waitMs(now) / 1000)) };
  }

  private sweep(now: number): void {
    for (const [k, b] of this.buckets) if (b.isFull(now)) this.buckets.delete(k);
    // Still too many (a wide flood): drop the oldest half; they restart with a full bucket.
    if (this.buckets.size >= this.maxKeys) {
      let n = Math.floor(this.buckets.size / 2);
      for (const k of this.buckets.keys()) {
        if (n-- <= 0) break;
        this.buckets.delete(k);
      }
    }
  }

  get size(): number {
    return this.buckets.size;
  }
}
