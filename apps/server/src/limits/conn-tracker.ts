/** Open connections per client IP, to enforce MAX_CONN_PER_IP. `acquire` returns a release function. */
const releaseNothing = (): void => {};

export class ConnTracker {
  private readonly counts = new Map<string, number>();

  constructor(private readonly maxPerIp: number) {}

  /** A release function (call once when the connection closes), or null when `ip` is at its limit. */
  acquire(ip: string): (() => void) | null {
    // Unlimited: nothing to count, and no closure kept per connection.
    if (this.maxPerIp <= 0) return releaseNothing;
    const n = this.counts.get(ip) ?? 0;
    if (this.maxPerIp > 0 && n >= this.maxPerIp) return null;
    this.counts.set(ip, n + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.counts.get(ip) ?? 1) - 1;
      if (left <= 0) this.counts.delete(ip);
      else this.counts.set(ip, left);
    };
  }

  count(ip: string): number {
    return this.counts.get(ip) ?? 0;
  }
}
