/**
 * The default engine, "memory+sqlite": one process, events numbered and made durable in bun:sqlite
 * (group commit), the newest kept in a memory window for fast replay, live listeners called
 * synchronously once a batch is durable.
 */
import type { PublishableEvent } from "@tickerwire/protocol";
import { createGroupCommit, type Outcome } from "./group-commit.ts";
import { readHistory } from "./history-reader.ts";
import { MemoryWindow } from "./memory-window.ts";
import { type LocalBusOptions, resolveLocalBusOptions } from "./options.ts";
import { type Checkpoint, type Projection, restoreProjectionSync } from "./projection.ts";
import { buildGroup, type PublishRequest, preparePublish } from "./publish-group.ts";
import { logSize } from "./retention.ts";
import { createRetentionRunner } from "./retention-runner.ts";
import { rowToEvent, SqliteLog } from "./sqlite-log.ts";
import type { Bus, BusInfo, HistoryPage, HistoryQuery, PublishResult, StoredEvent, Unsubscribe } from "./types.ts";
import { BusClosedError, BusUnavailableError } from "./types.ts";

export const LOCAL_ENGINE = "memory+sqlite";

export interface LocalBus extends Bus {
  /** Applies retention now, to completion (bounded). Normally it runs in the background. */
  runRetention(): { deletedEvents: number; deletedKeys: number };
}

function openLog(path: string, sync: LocalBusOptions["sync"] & string, random: LocalBusOptions["random"]): SqliteLog {
  try {
    return new SqliteLog(path, { sync, random });
  } catch (e) {
    throw new BusUnavailableError(`cannot open the event log at ${path}: ${String(e)}`, { cause: e });
  }
}

type Listener = (batch: readonly StoredEvent[]) => void;

export function createLocalBus(options: LocalBusOptions = {}): LocalBus {
  const o = resolveLocalBusOptions(options);
  const log = openLog(o.path, o.sync, o.random);
  const epoch = log.epoch;
  let lastSeq = log.lastSeq();
  let oldestSeq = log.oldestSeq();
  const window = new MemoryWindow(o.windowSize);
  if (o.windowSize > 0 && lastSeq > 0) window.push(log.read(lastSeq - o.windowSize, o.windowSize).map(rowToEvent));
  if (log.journalMode !== "wal" && o.path !== ":memory:") {
    o.logger.warn?.("bus: SQLite did not switch to WAL", { path: o.path, journalMode: log.journalMode });
  }
  o.logger.info?.("bus: opened", { path: o.path, epoch, created: log.created, lastSeq, oldestSeq });
  const projection = o.projection;
  /** Events committed since the projection's last checkpoint. */
  let sinceCheckpoint = 0;
  if (projection) openProjection(projection);

  /** Restores the projection from its checkpoint plus the log after it; checkpoints it if it had to fold. */
  function openProjection(p: Projection): void {
    const checkpoint = log.readCheckpoint();
    const started = performance.now();
    const folded = restoreProjectionSync({
      projection: p,
      checkpoint,
      lastSeq,
      read: (after, max) => log.read(after, max).map(rowToEvent),
      onBadCheckpoint: (error) =>
        o.logger.error?.("bus: the projection checkpoint is unreadable; folding the log held", {
          error: String(error),
        }),
    });
    if (!checkpoint && oldestSeq > 1) {
      o.logger.warn?.("bus: no projection checkpoint; its state starts at the oldest event held", { oldestSeq });
    }
    log.setCheckpointSource(() => ({ seq: p.seq(), state: p.serialize() }));
    if (folded > 0) log.writeCheckpoint({ seq: p.seq(), state: p.serialize() });
    o.logger.info?.("bus: projection restored", {
      checkpointSeq: checkpoint?.seq ?? 0,
      folded,
      seq: p.seq(),
      ms: Math.round(performance.now() - started),
    });
  }

  /** The projection's state before a group, when one is due: written in the group's transaction. */
  function dueCheckpoint(): Checkpoint | undefined {
    if (!projection || sinceCheckpoint < o.checkpointEvery) return undefined;
    return { seq: projection.seq(), state: projection.serialize() };
  }

  function fold(events: readonly StoredEvent[]): void {
    if (!projection) return;
    try {
      projection.apply(events);
    } catch (e) {
      o.logger.error?.("bus: the projection failed to fold a batch", { error: String(e), first: events[0]?.seq });
    }
  }

  const listeners = new Set<Listener>();
  let closed = false;
  let closing: Promise<void> | undefined;
  let commits = 0;
  /** The last commit failure, cleared by the next successful commit: `info().state` is "degraded". */
  let commitError: string | undefined;

  const retention = createRetentionRunner(
    {
      log,
      bounds: () => ({ oldestSeq, lastSeq }),
      setOldest(seq, deletedBelow) {
        oldestSeq = seq;
        window.dropBefore(deletedBelow);
      },
      now: o.now,
      maxEvents: o.maxEvents,
      maxAgeMs: o.maxAgeMs,
      idempotencyTtlMs: o.idempotencyTtlMs,
      maxStep: o.retentionStep,
      onError: (e) => o.logger.error?.("bus: retention failed", { error: String(e) }),
    },
    { every: o.retentionEvery, intervalMs: o.retentionIntervalMs },
  );
  retention.schedule();

  /** Events by seq, from the window when it holds them, else from SQLite. */
  function eventsBetween(first: number, last: number): StoredEvent[] {
    if (window.size > 0 && first >= window.firstSeq) return window.read(first - 1, last - first + 1);
    return log.readRange(first, last).map(rowToEvent);
  }

  function commitGroup(requests: readonly PublishRequest[]): Outcome<PublishResult>[] {
    if (closed) throw new BusClosedError();
    const now = o.now();
    const group = buildGroup(requests, {
      firstSeq: lastSeq + 1,
      now,
      ttlMs: o.idempotencyTtlMs,
      lookupKey: (key) => log.getKey(key),
      eventsBetween,
    });
    if (group.toStore.length > 0) {
      const checkpoint = dueCheckpoint();
      try {
        log.append(group.toStore, group.keys, lastSeq, now, checkpoint);
      } catch (e) {
        commitError = String(e);
        o.logger.error?.("bus: commit failed; nothing of the group was published", { error: commitError });
        if (e instanceof BusUnavailableError) throw e;
        throw new BusUnavailableError(`could not store ${group.toStore.length} events: ${String(e)}`, { cause: e });
      }
      commitError = undefined;
      lastSeq = group.toStore[group.toStore.length - 1]!.seq;
      if (oldestSeq === 0) oldestSeq = group.toStore[0]!.seq;
      window.push(group.toStore);
      if (checkpoint) sinceCheckpoint = 0;
      sinceCheckpoint += group.toStore.length;
      commits++;
      retention.noteAppended(group.toStore.length);
    }
    // Durable now: deliver each call's batch, in seq order, before any caller hears back.
    const current = [...listeners];
    for (const batch of group.published) {
      // Folded before the listeners hear of the batch (a replayed duplicate is ignored by seq).
      fold(batch);
      for (const l of current) {
        try {
          l(batch);
        } catch (e) {
          o.logger.error?.("bus: an onEvents listener threw", { error: String(e) });
        }
      }
    }
    return group.outcomes;
  }

  const groupCommit = createGroupCommit<PublishRequest, PublishResult>({ commit: commitGroup });

  const bus: LocalBus = {
    engine: LOCAL_ENGINE,
    epoch,
    currentSeq: () => lastSeq,

    publish(events: readonly PublishableEvent[], opts = {}) {
      const request = preparePublish(events, opts, closed || closing !== undefined);
      return request instanceof Promise ? request : groupCommit.submit(request);
    },

    async history(q: HistoryQuery): Promise<HistoryPage> {
      if (closed) throw new BusClosedError();
      return readHistory({ epoch, window, log, bounds: () => ({ oldestSeq, lastSeq }) }, q);
    },

    onEvents(listener: Listener): Unsubscribe {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },

    info(): BusInfo {
      return {
        engine: LOCAL_ENGINE,
        epoch,
        currentSeq: lastSeq,
        oldestSeq,
        size: logSize(oldestSeq, lastSeq),
        state: closed ? "down" : commitError ? "degraded" : "ok",
        details: {
          path: o.path,
          sync: o.sync,
          journalMode: log.journalMode,
          windowSize: o.windowSize,
          windowEvents: window.size,
          maxEvents: o.maxEvents,
          maxAgeMs: o.maxAgeMs,
          idempotencyTtlMs: o.idempotencyTtlMs,
          commits,
          pendingPublishes: groupCommit.pending,
          ...(commitError ? { lastError: commitError } : {}),
        },
      };
    },

    runRetention() {
      if (closed) throw new BusClosedError();
      return retention.runNow();
    },

    close() {
      closing ??= (async () => {
        // Commit what callers already handed us; they hear back as usual.
        groupCommit.flush();
        closed = true;
        retention.stop();
        listeners.clear();
        try {
          log.close();
        } catch (e) {
          o.logger.error?.("bus: closing SQLite failed", { error: String(e) });
        }
      })();
      return closing;
    },
  };
  return bus;
}
