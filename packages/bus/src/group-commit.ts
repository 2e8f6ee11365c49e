/**
 * Group commit: requests submitted in the same event-loop turn are handed to `commit` together
 * (one transaction or one Redis script, one fsync-worth of work) on the next `setImmediate`, in
 * submission order. Each caller gets its own outcome; if `commit` throws (or its promise rejects),
 * every caller in the group gets the error. `commit` may be synchronous (SQLite) or async (Redis):
 * an async commit does not hold back the next group, so groups pipeline.
 */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

export interface GroupCommitOptions<Req, Res> {
  /** Commits a group; returns one outcome per request, in order (or a promise of them). */
  commit(requests: readonly Req[]): Outcome<Res>[] | Promise<Outcome<Res>[]>;
  /** Runs the flush later; default `setImmediate` (after the current turn's I/O callbacks). */
  schedule?: (flush: () => void) => void;
}

export interface GroupCommit<Req, Res> {
  submit(request: Req): Promise<Res>;
  /** Commits whatever is pending now (e.g. on close). */
  flush(): void;
  /** Resolves once every group handed to `commit` so far has settled (async commits). */
  settled(): Promise<void>;
  /** Requests waiting for their group to be committed. */
  readonly pending: number;
  /** Groups handed to an async `commit` that has not settled yet. */
  readonly inFlight: number;
}

interface Waiter<Req, Res> {
  request: Req;
  resolve(value: Res): void;
  reject(error: unknown): void;
}

function settle<Req, Res>(group: Waiter<Req, Res>[], outcomes: Outcome<Res>[]): void {
  group.forEach((w, i) => {
    const o = outcomes[i];
    if (!o) w.reject(new Error("group commit returned no outcome for a request"));
    else if (o.ok) w.resolve(o.value);
    else w.reject(o.error);
  });
}

export function createGroupCommit<Req, Res>(options: GroupCommitOptions<Req, Res>): GroupCommit<Req, Res> {
  const schedule = options.schedule ?? ((fn) => void setImmediate(fn));
  let queue: Waiter<Req, Res>[] = [];
  let scheduled = false;
  const running = new Set<Promise<void>>();

  function flush(): void {
    scheduled = false;
    if (queue.length === 0) return;
    // Swap first: a listener that publishes during the commit lands in the next group.
    const group = queue;
    queue = [];
    let result: Outcome<Res>[] | Promise<Outcome<Res>[]>;
    try {
      result = options.commit(group.map((w) => w.request));
    } catch (error) {
      for (const w of group) w.reject(error);
      return;
    }
    if (!(result instanceof Promise)) {
      settle(group, result);
      return;
    }
    const done: Promise<void> = result.then(
      (outcomes) => settle(group, outcomes),
      (error) => {
        for (const w of group) w.reject(error);
      },
    );
    running.add(done);
    void done.finally(() => running.delete(done));
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
    async settled() {
      // Bounded: each pass awaits what was running; commits started meanwhile are awaited next.
      for (let i = 0; i < 100 && running.size > 0; i++) await Promise.allSettled([...running]);
    },
    get pending() {
      return queue.length;
    },
    get inFlight() {
      return running.size;
    },
  };
}
