/**
 * The hub's desk state: one `DeskState` folded (packages/desk) from every committed event, as the
 * bus's projection — the bus folds each batch before the hub fans it out and checkpoints the state
 * with its log, so a snapshot taken anywhere the hub runs is stamped with exactly the seq it
 * includes. Snapshots are views (topics, filter) of it, serialized once per view and seq.
 */
import type { Projection, StoredEvent } from "@tickerwire/bus";
import { applyEvent, createDeskState, parseDesk, serializeDesk, viewDesk } from "@tickerwire/desk";
import { type DeskState, type Filter, filterKey, type HubEvent } from "@tickerwire/protocol";
import type { Logger } from "../logger.ts";

/** What a snapshot is a view of: the subscription's patterns (`>` = all) and filter. */
export interface DeskView {
  patterns: readonly string[];
  filter?: Filter | undefined;
}

/** A serialized `snapshot` message and the seq it includes. */
export interface SnapshotFrame {
  seq: number;
  json: string;
  /** The JSON gzipped (level 1), made on first need and kept with the frame. */
  gzip?: Uint8Array<ArrayBuffer>;
}

/** Distinct views kept serialized at one seq (each dashboard filter is one). */
const CACHE_VIEWS = 32;

export interface DeskBook extends Projection {
  /** The `snapshot` message for a view, at the current seq. */
  snapshot(view: DeskView): SnapshotFrame;
  /** The whole state (tests, rules). Do not mutate. */
  readonly state: DeskState;
}

/**
 * A stored event as the fold sees it: the wire event without the bus's cached JSON (the fold keeps
 * references to recent events, and the state must stay plain wire JSON). Built field by field:
 * one monomorphic allocation, about six times cheaper than a rest spread (profiled).
 */
function wireEvent(e: StoredEvent): HubEvent {
  return { type: e.type, seq: e.seq, topic: e.topic, timestamp: e.timestamp, data: e.data } as HubEvent;
}

function viewKey(view: DeskView): string {
  return `${[...new Set(view.patterns)].sort().join(",")}|${filterKey(view.filter)}`;
}

export function createDeskBook(options: { epoch: () => string; logger: Logger; now?: () => number }): DeskBook {
  const now = options.now ?? Date.now;
  let state = createDeskState();
  let cache = new Map<string, SnapshotFrame>();
  const overflowOf = () => JSON.stringify(state.overflow);
  let lastOverflow = overflowOf();

  /** Logs once per batch that passed a cap (strategies, positions, …): the fold counts, we say so. */
  function noteOverflow(): void {
    const overflow = overflowOf();
    if (overflow === lastOverflow) return;
    options.logger.warn("desk: a cap of the desk state was passed; see overflow", { overflow: state.overflow });
    lastOverflow = overflow;
  }

  const book: DeskBook = {
    get state() {
      return state;
    },
    seq: () => state.seq,
    apply(batch) {
      for (const e of batch) if (e.seq > state.seq) applyEvent(state, wireEvent(e));
      if (cache.size > 0) cache = new Map();
      noteOverflow();
    },
    serialize: () => serializeDesk(state),
    restore(checkpoint) {
      state = parseDesk(checkpoint);
      cache = new Map();
      lastOverflow = overflowOf();
    },
    reset() {
      state = createDeskState();
      cache = new Map();
      lastOverflow = overflowOf();
    },
    snapshot(view) {
      const key = viewKey(view);
      const hit = cache.get(key);
      if (hit && hit.seq === state.seq) return hit;
      const frame = {
        seq: state.seq,
        json: JSON.stringify({
          type: "snapshot",
          epoch: options.epoch(),
          seq: state.seq,
          timestamp: new Date(now()).toISOString(),
          state: viewDesk(state, { patterns: [...view.patterns], ...(view.filter ? { filter: view.filter } : {}) }),
        }),
      };
      if (cache.size >= CACHE_VIEWS) cache.clear();
      cache.set(key, frame);
      return frame;
    },
  };
  return book;
}
