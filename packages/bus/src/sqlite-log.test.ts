import { afterAll, describe, expect, it } from "bun:test";
import { encodeEvent, type HubEvent } from "@tickerwire/protocol";
import { signal, tempDir } from "../test/fixtures.ts";
import { SqliteLog } from "./sqlite-log.ts";
import type { StoredEvent } from "./types.ts";

const tmp = tempDir();
afterAll(() => tmp.cleanup());

function events(first: number, n: number): StoredEvent[] {
  return Array.from({ length: n }, (_, i) => {
    const e = { ...signal("RSI_Oversold", 100 + i), seq: first + i, timestamp: "2026-01-01T00:00:00.000Z" } as HubEvent;
    return { ...e, json: encodeEvent(e) };
  });
}

describe("SqliteLog.append", () => {
  // Groups are written by multi-row INSERTs of 64, 16, 4 and 1 rows: every size in between must
  // land whole, in order, with nothing from a previous group's arguments.
  it.each([1, 3, 4, 5, 17, 63, 64, 65, 87, 150, 1000])("stores a group of %i events whole and in order", (n) => {
    const log = new SqliteLog(tmp.file(`log-${n}.db`), { sync: "normal" });
    const first = events(1, n);
    log.append(first, [], 0, 1);
    const second = events(n + 1, 2);
    log.append(second, [], n, 2);
    const rows = log.read(0, 10_000);
    expect(rows.map((r) => r.seq)).toEqual([...first, ...second].map((e) => e.seq));
    expect(rows.map((r) => r.json)).toEqual([...first, ...second].map((e) => e.json));
    expect(log.lastSeq()).toBe(n + 2);
    log.close();
  });
});
