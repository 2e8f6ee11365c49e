/**
 * In-memory browser tabs for connectShared tests: a BroadcastChannel hub (messages are
 * structured-cloned and delivered as separate tasks, never to the sender, never to or from a
 * closed channel) and a Web Locks manager (exclusive, FIFO, abortable; a killed tab's locks are
 * released as a browser does when a tab dies). `hold()` lets a test delay or lose messages to a tab.
 */
import type { BroadcastChannelLike, ClientEnv, LockManagerLike } from "../src/index.ts";

interface Channel {
  tab: number;
  name: string;
  closed: boolean;
  target: BroadcastChannelLike;
}

interface LockRequest {
  tab: number;
  callback: (lock: unknown) => unknown;
  resolve(v: unknown): void;
  reject(e: unknown): void;
  /** Set once granted: ends the hold. */
  release?: () => void;
}

export class FakeTabs {
  #nextTab = 1;
  readonly #channels: Channel[] = [];
  readonly #dead = new Set<number>();
  readonly #held = new Map<number, (() => void)[] | null>();
  readonly #queues = new Map<string, LockRequest[]>();
  readonly #holders = new Map<string, LockRequest>();
  /** Every message posted, in order, for assertions. */
  readonly posted: { tab: number; name: string; data: { kind: string; [k: string]: unknown } }[] = [];

  /** A new tab: the env slice to pass to connectShared. */
  open(): { tab: number; env: Partial<ClientEnv> } {
    const tab = this.#nextTab++;
    return { tab, env: { BroadcastChannel: this.#channelClass(tab), locks: this.#lockManager(tab) } };
  }

  /** The tab dies without a word (crash, kill): its channels go silent and its locks are released. */
  kill(tab: number): void {
    this.#dead.add(tab);
    for (const c of this.#channels) if (c.tab === tab) c.closed = true;
    for (const [name, holder] of this.#holders) if (holder.tab === tab) this.#release(name, holder);
    for (const [name, q] of this.#queues)
      this.#queues.set(
        name,
        q.filter((r) => r.tab !== tab),
      );
  }

  /** Messages to `tab` wait until `release(tab)` delivers them or `drop(tab)` loses them. */
  hold(tab: number): void {
    this.#held.set(tab, []);
  }
  release(tab: number): void {
    const waiting = this.#held.get(tab) ?? [];
    this.#held.delete(tab);
    for (const deliver of waiting) deliver();
  }
  drop(tab: number): void {
    this.#held.delete(tab);
  }

  /** Who holds the lock of that name, if anyone. */
  holder(name: string): number | null {
    return this.#holders.get(name)?.tab ?? null;
  }

  #channelClass(tab: number) {
    const tabs = this;
    return class FakeBroadcastChannel implements BroadcastChannelLike {
      onmessage: ((event: MessageEvent) => unknown) | null = null;
      readonly #self: Channel;
      constructor(readonly name: string) {
        this.#self = { tab, name, closed: tabs.#dead.has(tab), target: this };
        tabs.#channels.push(this.#self);
      }
      postMessage(message: unknown): void {
        if (this.#self.closed) throw new Error("InvalidStateError: channel closed");
        const data = structuredClone(message) as { kind: string };
        tabs.posted.push({ tab, name: this.name, data });
        for (const other of tabs.#channels) {
          if (other === this.#self || other.name !== this.name || other.closed) continue;
          const deliver = () => {
            if (!other.closed) other.target.onmessage?.({ data: structuredClone(data) } as MessageEvent);
          };
          const held = tabs.#held.get(other.tab);
          if (held) held.push(deliver);
          else setTimeout(deliver, 0);
        }
      }
      close(): void {
        this.#self.closed = true;
      }
    };
  }

  #lockManager(tab: number): LockManagerLike {
    return {
      request: (name, options, callback) =>
        new Promise((resolve, reject) => {
          const signal = options.signal;
          if (signal?.aborted) return reject(new DOMException("aborted", "AbortError"));
          const req: LockRequest = { tab, callback, resolve, reject };
          signal?.addEventListener("abort", () => {
            const q = this.#queues.get(name) ?? [];
            if (!q.includes(req)) return; // granted already: aborting does not release
            this.#queues.set(
              name,
              q.filter((r) => r !== req),
            );
            reject(new DOMException("aborted", "AbortError"));
          });
          this.#queues.set(name, [...(this.#queues.get(name) ?? []), req]);
          queueMicrotask(() => this.#grant(name));
        }),
    };
  }

  #grant(name: string): void {
    if (this.#holders.has(name)) return;
    const q = this.#queues.get(name) ?? [];
    const next = q.shift();
    if (!next) return;
    this.#holders.set(name, next);
    let released = false;
    next.release = () => {
      if (released) return;
      released = true;
      if (this.#holders.get(name) === next) this.#holders.delete(name);
      queueMicrotask(() => this.#grant(name));
    };
    Promise.resolve()
      .then(() => next.callback({ name, mode: "exclusive" }))
      .then(
        (v) => {
          next.release?.();
          next.resolve(v);
        },
        (e) => {
          next.release?.();
          next.reject(e);
        },
      );
  }

  #release(_name: string, holder: LockRequest): void {
    holder.release?.();
  }
}
