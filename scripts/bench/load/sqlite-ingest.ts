/**
 * Load process: the raw bun:sqlite baseline for ingest — how fast this disk and library append
 * event rows with no HTTP, validation or fan-out: WAL, synchronous=NORMAL, one transaction per
 * batch of 100 or 1000 rows, and one commit per row. Rows carry the same ~200-byte wire JSON.
 */
import { Database } from "bun:sqlite";
import { join } from "node:path";
import { encodeEvent } from "@tickerwire/protocol";
import { emit, readConfig } from "./control.ts";
import { benchItem } from "./marker.ts";

interface Config {
  dir: string;
  durationMs: number;
  wireBytes: number;
}

const cfg = readConfig<Config>();
const db = new Database(join(cfg.dir, "baseline.db"), { create: true });
db.run("PRAGMA journal_mode = WAL");
db.run("PRAGMA synchronous = NORMAL");
db.run(
  "CREATE TABLE events (seq INTEGER PRIMARY KEY, topic TEXT NOT NULL, type TEXT NOT NULL, ts TEXT NOT NULL, json TEXT NOT NULL)",
);
const insert = db.prepare("INSERT INTO events (seq, topic, type, ts, json) VALUES (?, ?, ?, ?, ?)");
let seq = 0;

function row(): void {
  const item = benchItem(seq, Date.now(), cfg.wireBytes);
  const timestamp = new Date().toISOString();
  seq++;
  const data = { message: item.data.message, severity: "info" as const, kind: "system" as const };
  insert.run(
    seq,
    item.topic,
    "alert",
    timestamp,
    encodeEvent({ type: "alert", seq, topic: item.topic, timestamp, data }),
  );
}

function measure(batch: number): { rowsPerSec: number; rows: number } {
  const tx = db.transaction((n: number) => {
    for (let i = 0; i < n; i++) row();
  });
  const t0 = performance.now();
  let rows = 0;
  while (performance.now() - t0 < cfg.durationMs) {
    if (batch === 1)
      row(); // autocommit: one transaction per row
    else tx(batch);
    rows += batch;
  }
  return { rowsPerSec: (rows / (performance.now() - t0)) * 1000, rows };
}

emit("report", { "batch-100": measure(100), "batch-1000": measure(1000), single: measure(1) });
db.close();
process.exit(0);
