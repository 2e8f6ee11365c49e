/**
 * The durable event log in bun:sqlite: events by seq, the epoch and last seq in `meta`, and
 * idempotency keys. Synchronous, single writer (one bus per file). Every write the bus makes for
 * a group of publishes is one IMMEDIATE transaction.
 */
import { Database, type Statement } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { HubEvent } from "@tickerwire/protocol";
import { newEpoch, type RandomBytes } from "./epoch.ts";
import type { IdempotencyRecord } from "./idempotency.ts";
import type { SyncMode } from "./options.ts";
import type { Checkpoint } from "./projection.ts";
import { BusUnavailableError, type StoredEvent } from "./types.ts";

/** An event row as read: enough to match its topic before parsing the JSON. */
export interface RawRow {
  seq: number;
  topic: string;
  json: string;
}

export interface KeyRow extends IdempotencyRecord {
  key: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  seq INTEGER PRIMARY KEY, topic TEXT NOT NULL, type TEXT NOT NULL, ts INTEGER NOT NULL, json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_ts ON events(ts);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS idempotency (
  key TEXT PRIMARY KEY, request_hash TEXT NOT NULL, seqs TEXT NOT NULL, created INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS idempotency_created ON idempotency(created);
CREATE TABLE IF NOT EXISTS checkpoint (name TEXT PRIMARY KEY, seq INTEGER NOT NULL, state TEXT NOT NULL);
`;

/** The projection's checkpoint row (one projection per log). */
const CHECKPOINT_NAME = "projection";

export const SCHEMA_VERSION = "1";

/**
 * Rows per INSERT statement, largest first: a group is written as multi-row INSERTs (each
 * statement call from JS costs about as much as a row), the rest by smaller ones down to one.
 */
const INSERT_CHUNKS = [64, 16, 4, 1] as const;
const EVENT_COLUMNS = 5;

function insertEventsSql(rows: number): string {
  return `INSERT INTO events (seq, topic, type, ts, json) VALUES ${Array(rows).fill("(?, ?, ?, ?, ?)").join(", ")}`;
}

/** Parses a stored row back into the event the bus handed out (the JSON is trusted: we wrote it). */
export function rowToEvent(row: RawRow): StoredEvent {
  const e = JSON.parse(row.json) as HubEvent;
  return { ...e, json: row.json };
}

export class SqliteLog {
  readonly epoch: string;
  /** True when this open created the store (new epoch). */
  readonly created: boolean;
  /** "wal" for a file, "memory" for ":memory:". */
  readonly journalMode: string;
  private readonly db: Database;
  /** Built once: `db.transaction` prepares its BEGIN/COMMIT statements. */
  private readonly deleteTx: ReturnType<typeof Database.prototype.transaction<[number], number>>;
  private readonly appendTx: ReturnType<
    typeof Database.prototype.transaction<Parameters<SqliteLog["writeGroup"]>, void>
  >;
  /** One INSERT per size of INSERT_CHUNKS, with a reusable argument array each. */
  private readonly inserts: { rows: number; stmt: Statement; args: (string | number)[] }[];
  private readonly q: {
    readAfter: Statement<RawRow, [number, number]>;
    readRange: Statement<RawRow, [number, number]>;
    firstYoung: Statement<{ seq: number }, [number, number, number]>;
    deleteBelow: Statement;
    getMeta: Statement<{ value: string }, [string]>;
    setMeta: Statement;
    getKey: Statement<{ request_hash: string; seqs: string; created: number }, [string]>;
    putKey: Statement;
    pruneKeys: Statement;
    getCheckpoint: Statement<Checkpoint, [string]>;
    putCheckpoint: Statement;
  };
  /**
   * The projection's state now, written with every retention delete and on close, so the
   * checkpoint never lies before events the log no longer holds. Unset: no projection.
   */
  private checkpointSource: (() => Checkpoint) | undefined;

  constructor(
    readonly path: string,
    opts: { sync: SyncMode; random?: RandomBytes | undefined },
  ) {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path, { create: true, strict: true });
    const db = this.db;
    db.run("PRAGMA busy_timeout = 5000");
    // WAL: readers never block the writer, and with synchronous=NORMAL a commit is in the WAL
    // (OS page cache) before it returns, so it survives the process dying; FULL also fsyncs.
    const mode = db.query(`PRAGMA journal_mode = ${path === ":memory:" ? "MEMORY" : "WAL"}`).get();
    this.journalMode = String((mode as { journal_mode?: unknown } | null)?.journal_mode ?? "unknown");
    db.run(`PRAGMA synchronous = ${opts.sync === "full" ? "FULL" : "NORMAL"}`);
    db.run(SCHEMA);
    this.q = {
      readAfter: db.prepare("SELECT seq, topic, json FROM events WHERE seq > ? ORDER BY seq LIMIT ?"),
      readRange: db.prepare("SELECT seq, topic, json FROM events WHERE seq BETWEEN ? AND ? ORDER BY seq"),
      // NOT INDEXED: walk the rowid range (bounded), not the ts index (which could span the table).
      firstYoung: db.prepare(
        "SELECT seq FROM events NOT INDEXED WHERE seq >= ? AND seq < ? AND ts >= ? ORDER BY seq LIMIT 1",
      ),
      deleteBelow: db.prepare("DELETE FROM events WHERE seq < ?"),
      getMeta: db.prepare("SELECT value FROM meta WHERE key = ?"),
      setMeta: db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"),
      getKey: db.prepare("SELECT request_hash, seqs, created FROM idempotency WHERE key = ?"),
      putKey: db.prepare("INSERT OR REPLACE INTO idempotency (key, request_hash, seqs, created) VALUES (?, ?, ?, ?)"),
      pruneKeys: db.prepare(
        "DELETE FROM idempotency WHERE key IN (SELECT key FROM idempotency WHERE created <= ? LIMIT ?)",
      ),
      getCheckpoint: db.prepare("SELECT seq, state FROM checkpoint WHERE name = ?"),
      putCheckpoint: db.prepare("INSERT OR REPLACE INTO checkpoint (name, seq, state) VALUES (?, ?, ?)"),
    };
    this.inserts = INSERT_CHUNKS.map((rows) => ({
      rows,
      stmt: db.prepare(insertEventsSql(rows)),
      args: new Array<string | number>(rows * EVENT_COLUMNS),
    }));
    this.appendTx = db.transaction((...args: Parameters<SqliteLog["writeGroup"]>) => this.writeGroup(...args));
    this.deleteTx = db.transaction((below: number) => {
      this.saveLastSeq();
      this.saveCheckpoint();
      return this.q.deleteBelow.run(below).changes;
    });
    const init = db.transaction(() => {
      const existing = this.meta("epoch");
      if (existing) return { epoch: existing, created: false };
      const epoch = newEpoch(opts.random);
      this.q.setMeta.run("epoch", epoch);
      this.q.setMeta.run("last_seq", String(this.maxSeq()));
      this.q.setMeta.run("schema_version", SCHEMA_VERSION);
      return { epoch, created: true };
    });
    ({ epoch: this.epoch, created: this.created } = init.immediate());
  }

  /**
   * The last seq ever assigned: MAX(seq), or meta's last_seq once retention emptied the log. Meta
   * is written before deletes and on close, not per commit: that second page write per commit
   * halved the rate of single publishes.
   */
  lastSeq(): number {
    return Math.max(Number(this.meta("last_seq") ?? 0), this.maxSeq());
  }

  /** The oldest seq held, 0 when empty. */
  oldestSeq(): number {
    return (this.db.query("SELECT MIN(seq) AS s FROM events").get() as { s: number | null }).s ?? 0;
  }

  /**
   * Appends a group in one transaction: events, idempotency keys, the new last seq. Refuses if
   * last_seq is not what this writer believes (another process writing the same file).
   */
  append(
    events: readonly StoredEvent[],
    keys: readonly KeyRow[],
    expectedLastSeq: number,
    ts: number,
    checkpoint?: Checkpoint,
  ): void {
    this.appendTx.immediate(events, keys, expectedLastSeq, ts, checkpoint);
  }

  private writeGroup(
    events: readonly StoredEvent[],
    keys: readonly KeyRow[],
    expectedLastSeq: number,
    ts: number,
    checkpoint?: Checkpoint,
  ) {
    const stored = this.lastSeq();
    if (stored !== expectedLastSeq) {
      throw new BusUnavailableError(
        `the log's last seq is ${stored}, this bus expected ${expectedLastSeq}: is another process writing ${this.path}?`,
      );
    }
    // The projection's state before this group (at expectedLastSeq): with the events it is exact.
    if (checkpoint) this.q.putCheckpoint.run(CHECKPOINT_NAME, checkpoint.seq, checkpoint.state);
    this.insertEvents(events, ts);
    for (const k of keys) this.q.putKey.run(k.key, k.requestHash, JSON.stringify(k.seqs), k.created);
  }

  private insertEvents(events: readonly StoredEvent[], ts: number): void {
    let i = 0;
    for (const ins of this.inserts) {
      const { rows, stmt, args } = ins;
      while (events.length - i >= rows) {
        for (let r = 0; r < rows; r++) {
          const e = events[i++]!;
          const o = r * EVENT_COLUMNS;
          args[o] = e.seq;
          args[o + 1] = e.topic;
          args[o + 2] = e.type;
          args[o + 3] = ts;
          args[o + 4] = e.json;
        }
        stmt.run(...args);
      }
    }
    // Let the strings go: the argument arrays outlive the group.
    for (const ins of this.inserts) ins.args.fill(0);
  }

  read(after: number, max: number): RawRow[] {
    return this.q.readAfter.all(after, max);
  }

  readRange(first: number, last: number): RawRow[] {
    return this.q.readRange.all(first, last);
  }

  /** The first seq in [from, to) with ts >= cutoff, or null when all of them are older. */
  firstYoungSeq(from: number, to: number, cutoffTs: number): number | null {
    return this.q.firstYoung.get(from, to, cutoffTs)?.seq ?? null;
  }

  /** Deletes every event with seq < `seq`; returns how many. Records last_seq first, atomically. */
  deleteBelow(seq: number): number {
    return this.deleteTx.immediate(seq);
  }

  getKey(key: string): IdempotencyRecord | undefined {
    const row = this.q.getKey.get(key);
    if (!row) return undefined;
    return { requestHash: row.request_hash, seqs: JSON.parse(row.seqs) as number[], created: row.created };
  }

  /** Forgets up to `max` keys created at or before `createdAtOrBefore`; returns how many. */
  pruneKeys(createdAtOrBefore: number, max: number): number {
    return this.q.pruneKeys.run(createdAtOrBefore, max).changes;
  }

  /** The newest projection checkpoint, if any. */
  readCheckpoint(): Checkpoint | undefined {
    return this.q.getCheckpoint.get(CHECKPOINT_NAME) ?? undefined;
  }

  /** Writes a checkpoint now (outside a group: after a start that folded events, for instance). */
  writeCheckpoint(checkpoint: Checkpoint): void {
    this.q.putCheckpoint.run(CHECKPOINT_NAME, checkpoint.seq, checkpoint.state);
  }

  /** Where retention deletes and close take the projection's current state from. */
  setCheckpointSource(source: () => Checkpoint): void {
    this.checkpointSource = source;
  }

  close(): void {
    this.saveLastSeq();
    this.saveCheckpoint();
    this.db.close();
  }

  private saveCheckpoint(): void {
    if (this.checkpointSource) this.writeCheckpoint(this.checkpointSource());
  }

  private saveLastSeq(): void {
    this.q.setMeta.run("last_seq", String(this.lastSeq()));
  }

  private meta(key: string): string | undefined {
    return this.q.getMeta.get(key)?.value;
  }

  private maxSeq(): number {
    return (this.db.query("SELECT MAX(seq) AS s FROM events").get() as { s: number | null }).s ?? 0;
  }
}
