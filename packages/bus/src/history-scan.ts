/**
 * History paging, independent of where events come from (memory window or SQLite): where a cursor
 * really starts and whether the reader missed events (`resolveCursor`), then a bounded scan that
 * pages through matching events even when patterns filter out almost everything (`scanPage`).
 */
import type { StoredEvent } from "./types.ts";

export const DEFAULT_PAGE_LIMIT = 1_000;
export const MAX_PAGE_LIMIT = 5_000;
/** Most events one history call looks at, matching or not; the rest is for the next page. */
export const SCAN_BUDGET = 50_000;
export const SCAN_CHUNK = 1_000;

export interface CursorInput {
  after: number;
  epoch: string | undefined;
  ourEpoch: string;
  currentSeq: number;
  /** Oldest seq held (0 when the log is empty). */
  oldestSeq: number;
}

/**
 * Where to read from and whether the reader lost events: a cursor from another epoch or from the
 * future replays from 0; a cursor older than what retention kept is served from the oldest held.
 */
export function resolveCursor(c: CursorInput): { from: number; truncated: boolean } {
  const after = Number.isFinite(c.after) ? Math.max(0, Math.floor(c.after)) : 0;
  if (c.epoch !== undefined && c.epoch !== c.ourEpoch) return { from: 0, truncated: true };
  if (after > c.currentSeq) return { from: 0, truncated: true };
  const lost = c.oldestSeq > 0 ? after < c.oldestSeq - 1 : after < c.currentSeq;
  return { from: after, truncated: lost };
}

export function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_PAGE_LIMIT;
  return Math.min(MAX_PAGE_LIMIT, Math.max(1, Math.floor(limit)));
}

/** One event as a source yields it: enough to test the topic before paying for a full parse. */
export interface ScanRow {
  seq: number;
  topic: string;
}

export interface ScanSource<R extends ScanRow> {
  /** Up to `max` rows with seq > after, in seq order; fewer than `max` means the end was reached. */
  read(after: number, max: number): R[];
  /** The full event of a row whose topic matched; return undefined to skip it (e.g. filtered out). */
  accept(row: R): StoredEvent | undefined;
}

/** The same, for a store read over the network (Redis): `read` may be async. */
export interface AsyncScanSource<R extends ScanRow> {
  read(after: number, max: number): R[] | Promise<R[]>;
  accept(row: R): StoredEvent | undefined;
}

export interface ScanResult {
  events: StoredEvent[];
  hasMore: boolean;
  nextAfter: number;
}

export interface ScanOptions {
  from: number;
  limit: number;
  tip: number;
  matchTopic: (topic: string) => boolean;
  budget?: number;
}

/**
 * The page being collected, one chunk of rows at a time: `want()` says how many rows to read next
 * (0 once the budget is spent) and `take(rows)` returns the page when it is complete. The sync and
 * async scans below drive it the same way.
 */
function pageCollector<R extends ScanRow>(accept: (row: R) => StoredEvent | undefined, opts: ScanOptions) {
  const budget = opts.budget ?? SCAN_BUDGET;
  const events: StoredEvent[] = [];
  let cursor = opts.from;
  let scanned = 0;
  return {
    get cursor() {
      return cursor;
    },
    want: () => Math.max(0, Math.min(SCAN_CHUNK, budget - scanned)),
    take(rows: readonly R[], want: number): ScanResult | undefined {
      for (const row of rows) {
        scanned++;
        const e = opts.matchTopic(row.topic) ? accept(row) : undefined;
        if (e && events.length === opts.limit) {
          // A full page and one more match exists: the next page starts right after the page.
          return { events, hasMore: true, nextAfter: events[events.length - 1]!.seq };
        }
        if (e) events.push(e);
        cursor = row.seq;
      }
      if (rows.length < want || cursor >= opts.tip)
        return { events, hasMore: false, nextAfter: Math.max(cursor, opts.tip) };
      return undefined;
    },
    /** Budget spent: resume after the page if it is full, else after the last row looked at. */
    spent(): ScanResult {
      const full = events.length === opts.limit;
      return { events, hasMore: true, nextAfter: full ? events[events.length - 1]!.seq : cursor };
    },
  };
}

/**
 * Collects up to `limit` accepted events after `from`, looking at no more than `budget` rows.
 * After a full page it keeps looking (within the budget) for one more match, so `hasMore` is
 * exact whenever the budget allows. `tip` is the current seq, reported as `nextAfter` when the
 * scan reaches the end.
 */
export function scanPage<R extends ScanRow>(source: ScanSource<R>, opts: ScanOptions): ScanResult {
  const page = pageCollector<R>((row) => source.accept(row), opts);
  // Bounded: every round consumes budget or ends the page.
  for (;;) {
    const want = page.want();
    if (want === 0) return page.spent();
    const done = page.take(source.read(page.cursor, want), want);
    if (done) return done;
  }
}

/** `scanPage` over a source whose reads are async (one round trip per chunk). */
export async function scanPageAsync<R extends ScanRow>(
  source: AsyncScanSource<R>,
  opts: ScanOptions,
): Promise<ScanResult> {
  const page = pageCollector<R>((row) => source.accept(row), opts);
  for (;;) {
    const want = page.want();
    if (want === 0) return page.spent();
    const done = page.take(await source.read(page.cursor, want), want);
    if (done) return done;
  }
}
