/**
 * The live side of one instance: notifications in, the sequencer (gap-free order, gaps read from
 * the stream), the memory window of what was delivered, the listeners, and the periodic sync that
 * compares with the shared counter — the safety net for notifications lost while Redis was away.
 */
import { MemoryWindow } from "../memory-window.ts";
import type { StoredEvent, Unsubscribe } from "../types.ts";
import { notificationEvents, parseNotification } from "./entries.ts";
import type { RedisKeys, ResolvedRedisBusOptions } from "./options.ts";
import { Sequencer } from "./sequencer.ts";
import type { StreamReader } from "./stream.ts";

type Listener = (batch: readonly StoredEvent[]) => void;

export class LiveFeed {
  readonly window: MemoryWindow;
  readonly sequencer: Sequencer;
  /** Stream length and oldest seq as of the last sync, kept roughly current in between. */
  streamLength = 0;
  oldestSeq = 0;
  /** The epoch Redis held at the last sync (null: missing; the publish script restores it). */
  storedEpoch: string | null;
  private readonly listeners = new Set<Listener>();
  private syncing: Promise<void> | undefined;
  private closed = false;

  /** Starts at the shared seq; the window is filled with the newest events already stored. */
  static async open(
    o: ResolvedRedisBusOptions,
    keys: RedisKeys,
    stream: StreamReader,
    epoch: string,
  ): Promise<LiveFeed> {
    const start = await stream.sharedSeq();
    const feed = new LiveFeed(o, keys, stream, start, epoch);
    const cap = feed.window.capacity;
    if (cap > 0 && start > 0) feed.window.push(await stream.events(Math.max(1, start - cap + 1), start));
    return feed;
  }

  private constructor(
    private readonly o: ResolvedRedisBusOptions,
    private readonly keys: RedisKeys,
    private readonly stream: StreamReader,
    start: number,
    epoch: string,
  ) {
    this.storedEpoch = epoch;
    this.window = new MemoryWindow(Math.min(o.windowSize, o.maxEvents));
    this.sequencer = new Sequencer(start, {
      fetch: (from, to) => stream.events(from, to),
      deliver: (batch) => this.deliver(batch),
      onSkipped: (count, from, to) =>
        o.logger.warn?.("bus: events were gone from the stream before this instance delivered them", {
          count,
          from,
          to,
        }),
      onFetchError: (e) => o.logger.debug?.("bus: reading the stream failed; will retry", { error: String(e) }),
    });
  }

  onEvents(listener: Listener): Unsubscribe {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** The subscriber's `message` handler. */
  readonly handleNotification = (channel: string, payload: string): void => {
    if (channel !== this.keys.notify || this.closed) return;
    const n = parseNotification(payload);
    if (!n)
      return void this.o.logger.warn?.("bus: ignored a malformed notification", { payload: payload.slice(0, 100) });
    if (n.last <= this.sequencer.delivered) return; // e.g. our own publish, already delivered
    const events = notificationEvents(n);
    if (events) this.sequencer.offer(events);
    else this.sequencer.noteTip(n.last);
  };

  /** Compares with the shared counter and fetches anything missed; one at a time; never throws. */
  sync(): Promise<void> {
    this.syncing ??= this.syncNow()
      .catch((e) => this.o.logger.debug?.("bus: sync with Redis failed", { error: String(e) }))
      .finally(() => {
        this.syncing = undefined;
      });
    return this.syncing;
  }

  /** Retention (or a sync) found the stream starting at `oldestSeq` (0: empty, up to `lastSeq`). */
  trimmed(oldestSeq: number, lastSeq: number): void {
    this.oldestSeq = oldestSeq;
    // An empty stream: everything up to the shared seq is gone (later deliveries are newer).
    this.window.dropBefore(oldestSeq > 0 ? oldestSeq : lastSeq + 1);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.sequencer.close();
    this.listeners.clear();
    await this.syncing;
  }

  private async syncNow(): Promise<void> {
    if (this.closed) return;
    const snap = await this.stream.snapshot();
    this.streamLength = snap.length;
    this.storedEpoch = snap.epoch;
    this.trimmed(snap.oldestSeq, snap.seq);
    this.sequencer.noteTip(snap.seq);
    this.sequencer.retry();
  }

  private deliver(batch: readonly StoredEvent[]): void {
    this.window.push(batch);
    if (this.oldestSeq === 0) this.oldestSeq = batch[0]!.seq;
    this.streamLength += batch.length;
    for (const l of [...this.listeners]) {
      try {
        l(batch);
      } catch (e) {
        this.o.logger.error?.("bus: an onEvents listener threw", { error: String(e) });
      }
    }
  }
}
