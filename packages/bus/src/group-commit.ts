/**
 * Group commit: requests submitted in the same event-loop turn are handed to `commit` together
 * (one transaction, one fsync-worth of work) on the next `setImmediate`, in submission order.
 * Each caller gets its own outcome; if `commit` throws, every caller in the group gets the error.
 */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

export interface GroupCommitOptions<Req, Res> {
  /** Commits a group synchronously; returns one outcome per request, in order. */
  commit(requests: readonly Req[]): Outcome<Res>[];
  /** Runs the flush later; default `setImmediate` (after the current turn's I/O callbacks). */
  schedule?: (flush: () => void) => void;
}

export interface GroupCommit<Req, Res> {
  submit(request: Req): Promise<Res>;
  /** Commits whatever is pending now (e.g. on close). */
  flush(): void;
  readonly pending: number;
}

interface Waiter<Req, Res> {
  request: Req;
  resolve(value: Res): void;
  reject(error: unknown): void;
}

export function createGroupCommit<Req, Res>(options: GroupCommitOptions<Req, Res>): GroupCommit<Req, Res> {
  const schedule = options.schedule ?? ((fn) => void setImmediate(fn));
  let queue: Waiter<Req, Res>[] = [];
  let scheduled = false;

  function flush(): void {
    scheduled = false;
    if (queue.length === 0) return;
    // Swap first: a listener that publishes during the commit lands in the next group.
    const group = queue;
    queue = [];
    let outcomes: Outcome<Res>[];
    try {
      outcomes = options.commit(group.map((w) => w.request));
    } catch (error) {
      for (const w of group) w.reject(error);
      return;
    }
    group.forEach((w, i) => {
      const o = outcomes[i];
      if (!o) w.reject(new Error("group commit returned no outcome for a request"));
      else if (o.ok) w.resolve(o.value);
      else w.reject(o.error);
    });
  }

  return {
    submit(request) {
      return new Promise<Res>((resolve, reject) => {
        queue.push({ request, resolve, reject });
        if (!scheduled) {
          scheduled = true;
          schedule(flush);
        }
      });
    },
    flush,
    get pending() {
      return queue.length;
    },
  };
}
