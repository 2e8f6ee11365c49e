/**
 * Answers `history` for the local bus: resolves the cursor, then scans the memory window when it
 * covers the position and SQLite otherwise (decided per chunk, so a long replay moves from the
 * log to the window as it catches up).
 */
import { compilePatterns, isEmptyFilter, MATCH_ALL, matchesFilter } from "@tickerwire/protocol";
import { clampLimit, resolveCursor, type ScanSource, scanPage } from "./history-scan.ts";
import type { MemoryWindow } from "./memory-window.ts";
import { type RawRow, rowToEvent, type SqliteLog } from "./sqlite-log.ts";
import type { HistoryPage, HistoryQuery, StoredEvent } from "./types.ts";

export interface HistoryState {
  epoch: string;
  window: MemoryWindow;
  log: SqliteLog;
  bounds(): { oldestSeq: number; lastSeq: number };
}

export function readHistory(s: HistoryState, q: HistoryQuery): HistoryPage {
  const { oldestSeq, lastSeq } = s.bounds();
  const cursor = resolveCursor({ after: q.after, epoch: q.epoch, ourEpoch: s.epoch, currentSeq: lastSeq, oldestSeq });
  const base = { truncated: cursor.truncated, epoch: s.epoch, currentSeq: lastSeq, oldestSeq };
  const patterns = q.patterns ?? [MATCH_ALL];
  if (patterns.length === 0) return { ...base, events: [], hasMore: false, nextAfter: lastSeq };
  const filter = isEmptyFilter(q.filter) ? undefined : q.filter;
  const source: ScanSource<StoredEvent | RawRow> = {
    read: (after, max) => (s.window.covers(after, lastSeq) ? s.window.read(after, max) : s.log.read(after, max)),
    accept(row) {
      const e = "data" in row ? row : rowToEvent(row);
      return matchesFilter(filter, e) ? e : undefined;
    },
  };
  const page = scanPage(source, {
    from: cursor.from,
    limit: clampLimit(q.limit),
    tip: lastSeq,
    matchTopic: compilePatterns(patterns),
  });
  return { ...base, ...page };
}
