/**
 * Keeps the projection of one Redis-bus instance: restores it from the shared checkpoint plus the
 * stream after it (before the instance delivers anything live), folds each delivered batch first
 * of all listeners, and writes a checkpoint every N events, before a trim and on close.
 */
import type { Projection } from "../projection.ts";
import { restoreProjection } from "../projection.ts";
import type { BusLogger, StoredEvent } from "../types.ts";
import type { CheckpointStore } from "./checkpoints.ts";
import { rowToEvent } from "./entries.ts";
import type { StreamReader } from "./stream.ts";

export class ProjectionKeeper {
  private since = 0;
  private writing: Promise<void> | undefined;

  constructor(
    private readonly projection: Projection,
    private readonly store: CheckpointStore,
    private readonly every: number,
    private readonly logger: BusLogger,
  ) {}

  /** Brings the projection to `upTo` (the seq the live feed starts after). */
  async restore(stream: StreamReader, upTo: number): Promise<void> {
    const started = performance.now();
    const checkpoint = await this.store.read();
    const oldest = await stream.oldestSeq();
    const folded = await restoreProjection({
      projection: this.projection,
      checkpoint,
      lastSeq: upTo,
      read: async (after, max) => {
        const events: StoredEvent[] = [];
        for (const row of await stream.rowsAfter(after, upTo, max)) {
          const e = rowToEvent(row);
          if (e) events.push(e);
        }
        return events;
      },
      onBadCheckpoint: (error) =>
        this.logger.error?.("bus: the projection checkpoint in Redis is unreadable; folding the stream", {
          error: String(error),
        }),
    });
    const from = checkpoint?.seq ?? 0;
    if (oldest > from + 1) {
      this.logger.warn?.("bus: events after the projection checkpoint were trimmed; its state starts later", {
        checkpointSeq: from,
        oldestSeq: oldest,
      });
    }
    this.logger.info?.("bus: projection restored", {
      checkpointSeq: from,
      folded,
      seq: this.projection.seq(),
      ms: Math.round(performance.now() - started),
    });
    if (folded > 0) await this.checkpoint();
  }

  /** The first listener of the live feed. */
  readonly onBatch = (batch: readonly StoredEvent[]): void => {
    try {
      this.projection.apply(batch);
    } catch (e) {
      this.logger.error?.("bus: the projection failed to fold a batch", { error: String(e), first: batch[0]?.seq });
    }
    this.since += batch.length;
    if (this.since >= this.every) void this.checkpoint();
  };

  /** Writes the state now (serialized synchronously, at the delivered seq); one write at a time. */
  checkpoint(): Promise<void> {
    if (this.writing) return this.writing;
    this.since = 0;
    const checkpoint = { seq: this.projection.seq(), state: this.projection.serialize() };
    this.writing = this.store
      .write(checkpoint)
      .then(
        () => undefined,
        (e) => {
          this.logger.warn?.("bus: writing the projection checkpoint failed", { error: String(e) });
        },
      )
      .finally(() => {
        this.writing = undefined;
      });
    return this.writing;
  }
}
