/**
 * The watch store of the local engine: one SQLite file beside the bus log (`<name>.watch.db`),
 * WAL, written synchronously so a state is on disk before the next step relies on it. One hub
 * process owns it, so it is always the leader.
 */
import { Database } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { EngineRecord, EngineSighting, FiredState, WatchStore } from "./watch-store.ts";
import { UNFIRED } from "./watch-store.ts";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS fired (key TEXT PRIMARY KEY, active INTEGER NOT NULL, gen INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS engines (
  engine TEXT PRIMARY KEY, last_seen INTEGER NOT NULL, interval_ms INTEGER, events INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS cursors (name TEXT PRIMARY KEY, seq INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

/** The watch file that goes with a bus log path (`.data/tickerwire.db` -> `.data/tickerwire.watch.db`). */
export function watchDbPath(busPath: string): string {
  if (busPath === ":memory:") return ":memory:";
  return busPath.endsWith(".db") ? `${busPath.slice(0, -3)}.watch.db` : `${busPath}.watch.db`;
}

export function createSqliteWatchStore(path: string): WatchStore {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { create: true, strict: true });
  db.run("PRAGMA busy_timeout = 5000");
  if (path !== ":memory:") db.run("PRAGMA journal_mode = WAL");
  db.run("PRAGMA synchronous = NORMAL");
  db.run(SCHEMA);
  const q = {
    allFired: db.prepare<{ key: string; active: number; gen: number }, []>("SELECT key, active, gen FROM fired"),
    getFired: db.prepare<{ active: number; gen: number }, [string]>("SELECT active, gen FROM fired WHERE key = ?"),
    putFired: db.prepare("INSERT OR REPLACE INTO fired (key, active, gen) VALUES (?, ?, ?)"),
    getEngine: db.prepare<{ last_seen: number; interval_ms: number | null; events: number }, [string]>(
      "SELECT last_seen, interval_ms, events FROM engines WHERE engine = ?",
    ),
    putEngine: db.prepare(
      "INSERT OR REPLACE INTO engines (engine, last_seen, interval_ms, events) VALUES (?, ?, ?, ?)",
    ),
    allEngines: db.prepare<{ engine: string; last_seen: number; interval_ms: number | null; events: number }, []>(
      "SELECT engine, last_seen, interval_ms, events FROM engines ORDER BY engine",
    ),
    getCursor: db.prepare<{ seq: number }, [string]>("SELECT seq FROM cursors WHERE name = ?"),
    advance: db.prepare(
      "INSERT INTO cursors (name, seq) VALUES (?1, ?2) ON CONFLICT(name) DO UPDATE SET seq = MAX(seq, ?2)",
    ),
    getMeta: db.prepare<{ value: string }, [string]>("SELECT value FROM meta WHERE key = ?"),
    setMeta: db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"),
    initMeta: db.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)"),
  };

  const readFired = (key: string): FiredState => {
    const row = q.getFired.get(key);
    return row ? { active: row.active === 1, gen: row.gen } : UNFIRED;
  };
  // Read and write in one IMMEDIATE transaction: nothing else writes between them.
  const cas = db.transaction((key: string, expectedGen: number, next: FiredState) => {
    if (readFired(key).gen !== expectedGen) return false;
    q.putFired.run(key, next.active ? 1 : 0, next.gen);
    return true;
  });
  const record = db.transaction((sightings: readonly EngineSighting[]) => {
    for (const s of sightings) {
      const row = q.getEngine.get(s.engine);
      const later = !row || s.lastSeen >= row.last_seen;
      q.putEngine.run(
        s.engine,
        Math.max(s.lastSeen, row?.last_seen ?? 0),
        later && s.intervalMs !== undefined ? s.intervalMs : (row?.interval_ms ?? s.intervalMs ?? null),
        (row?.events ?? 0) + s.events,
      );
    }
  });
  let closed = false;

  return {
    kind: "sqlite",
    async loadFired() {
      return new Map(q.allFired.all().map((r) => [r.key, { active: r.active === 1, gen: r.gen }]));
    },
    async getFired(key) {
      return readFired(key);
    },
    async casFired(key, expectedGen, next) {
      return cas.immediate(key, expectedGen, next);
    },
    async recordEngines(sightings) {
      if (sightings.length > 0) record.immediate(sightings);
    },
    async engines(): Promise<EngineRecord[]> {
      return q.allEngines.all().map((r) => ({
        engine: r.engine,
        lastSeen: r.last_seen,
        intervalMs: r.interval_ms,
        events: r.events,
      }));
    },
    async getCursor(name) {
      return q.getCursor.get(name)?.seq ?? null;
    },
    async advanceCursor(name, seq) {
      q.advance.run(name, seq);
    },
    async getMeta(key) {
      return q.getMeta.get(key)?.value ?? null;
    },
    async setMeta(key, value) {
      q.setMeta.run(key, value);
    },
    async initMeta(key, value) {
      q.initMeta.run(key, value);
      return q.getMeta.get(key)?.value ?? value;
    },
    async holdLease() {
      return !closed;
    },
    async releaseLease() {},
    async close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}
