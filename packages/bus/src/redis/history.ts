/**
 * `history` for the Redis engine, with the local engine's paging and truncation rules (shared
 * `resolveCursor` and page collector). History stops at what this instance has delivered live,
 * so "history, then live" never repeats or skips an event; a cursor ahead of this instance (a
 * client that moved over from a faster one) first waits for this instance to catch up.
 */
import { compilePatterns, isEmptyFilter, MATCH_ALL, matchesFilter } from "@tickerwire/protocol";
import { type AsyncScanSource, clampLimit, resolveCursor, scanPageAsync } from "../history-scan.ts";
import type { MemoryWindow } from "../memory-window.ts";
import type { HistoryPage, HistoryQuery, StoredEvent } from "../types.ts";
import { type EntryRow, rowToEvent } from "./entries.ts";

export interface RedisHistoryState {
  epoch: string;
  window: MemoryWindow;
  /** The last seq this instance delivered to its listeners. */
  delivered(): number;
  /** The oldest seq the stream held at the last sync (0 when unknown or empty). */
  cachedOldestSeq(): number;
  /** The oldest seq the stream holds now (a round trip). */
  oldestSeq(): Promise<number>;
  rowsAfter(after: number, to: number, max: number): Promise<EntryRow[]>;
  /** Waits (bounded) until this instance delivered `seq`, if the shared stream has it. */
  catchUpTo(seq: number): Promise<void>;
}

export async function readRedisHistory(s: RedisHistoryState, q: HistoryQuery): Promise<HistoryPage> {
  const sameEpoch = q.epoch === undefined || q.epoch === s.epoch;
  if (sameEpoch && Number.isFinite(q.after) && q.after > s.delivered()) await s.catchUpTo(Math.floor(q.after));
  const tip = s.delivered();
  const after = Number.isFinite(q.after) ? Math.max(0, Math.floor(q.after)) : 0;
  const window = s.window;
  // A cursor the memory window covers needs no round trip: everything after it is held here.
  const oldestSeq = window.covers(after, tip) ? minPositive(s.cachedOldestSeq(), window.firstSeq) : await s.oldestSeq();
  const cursor = resolveCursor({ after: q.after, epoch: q.epoch, ourEpoch: s.epoch, currentSeq: tip, oldestSeq });
  const base = { truncated: cursor.truncated, epoch: s.epoch, currentSeq: tip, oldestSeq };
  const patterns = q.patterns ?? [MATCH_ALL];
  if (patterns.length === 0) return { ...base, events: [], hasMore: false, nextAfter: tip };
  const filter = isEmptyFilter(q.filter) ? undefined : q.filter;
  const source: AsyncScanSource<StoredEvent | EntryRow> = {
    read: (from, max) => (window.covers(from, s.delivered()) ? window.read(from, max) : s.rowsAfter(from, tip, max)),
    accept(row) {
      const e = "data" in row ? row : rowToEvent(row);
      return e && matchesFilter(filter, e) ? e : undefined;
    },
  };
  const page = await scanPageAsync(source, {
    from: cursor.from,
    limit: clampLimit(q.limit),
    tip,
    matchTopic: compilePatterns(patterns),
  });
  return { ...base, ...page };
}

function minPositive(a: number, b: number): number {
  if (a <= 0) return b;
  if (b <= 0) return a;
  return Math.min(a, b);
}
