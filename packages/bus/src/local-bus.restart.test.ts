import { Database } from "bun:sqlite";
import { describe, expect, it } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { manualClock, seqsOf, signal, trade, useLocalBuses } from "../test/fixtures.ts";
import { BusUnavailableError, createLocalBus } from "./index.ts";

const fx = useLocalBuses();
const { bus } = fx;

describe("restart", () => {
  it("keeps seq, history and epoch on the same file", async () => {
    const first = bus();
    const published = (await first.publish([signal(), trade("a"), trade("b")])).events;
    const epoch = first.epoch;
    await first.close();

    const second = bus();
    expect(second.epoch).toBe(epoch);
    expect(second.currentSeq()).toBe(3);
    expect(second.info()).toMatchObject({ oldestSeq: 1, size: 3, state: "ok", engine: "memory+sqlite" });
    expect((await second.history({ after: 0, epoch })).events).toEqual(published);
    const next = await second.publish([signal()]);
    expect(seqsOf(next.events)).toEqual([4]);
  });

  it("refills the memory window from the log", async () => {
    const first = bus({ windowSize: 50 });
    for (let i = 0; i < 8; i++) await first.publish(Array.from({ length: 10 }, (_, j) => trade(`t${i}-${j}`)));
    await first.close();
    const second = bus({ windowSize: 50 });
    expect(second.info().details.windowEvents).toBe(50);
    expect(seqsOf((await second.history({ after: 75 })).events)).toEqual([76, 77, 78, 79, 80]);
  });

  it("gives a new file a new epoch, and a new file starts at seq 1", async () => {
    const a = bus({ path: fx.tmp.file("a.db") });
    const b = bus({ path: fx.tmp.file("b.db") });
    expect(a.epoch).not.toBe(b.epoch);
    expect(a.epoch).toMatch(/^[A-Za-z0-9]+$/);
    await a.publish([signal()]);
    expect(seqsOf((await b.publish([signal()])).events)).toEqual([1]);
  });

  it("never reuses a seq after retention deleted every event, across a restart", async () => {
    const clock = manualClock();
    const first = bus({ now: clock.now, maxAgeMs: 1_000 });
    await first.publish([signal(), signal(), signal()]);
    clock.advance(5_000);
    first.runRetention();
    expect(first.info()).toMatchObject({ size: 0, oldestSeq: 0, currentSeq: 3 });
    await first.close();

    const second = bus({ now: clock.now, maxAgeMs: 1_000 });
    expect(second.currentSeq()).toBe(3);
    const page = await second.history({ after: 1 });
    expect(page).toMatchObject({ events: [], truncated: true, nextAfter: 3, oldestSeq: 0 });
    expect((await second.history({ after: 3 })).truncated).toBe(false);
    expect(seqsOf((await second.publish([trade("x")])).events)).toEqual([4]);
  });

  it("creates the parent directory and the documented tables", async () => {
    const path = join(fx.tmp.dir, "nested", "deeper", "hub.db");
    const b = bus({ path });
    await b.publish([signal()]);
    expect(existsSync(path)).toBe(true);
    expect(b.info().details).toMatchObject({ path, journalMode: "wal", sync: "normal" });
    await b.close();
    const db = new Database(path, { readonly: true });
    const tables = db.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
    expect(tables).toEqual([{ name: "checkpoint" }, { name: "events" }, { name: "idempotency" }, { name: "meta" }]);
    expect(db.query("SELECT value FROM meta WHERE key = 'epoch'").get()).toEqual({ value: b.epoch });
    expect(db.query("SELECT value FROM meta WHERE key = 'last_seq'").get()).toEqual({ value: "1" });
    db.close();
  });

  it("works on :memory: with a fresh epoch each time", async () => {
    const a = bus({ path: ":memory:" });
    const b = bus({ path: ":memory:" });
    expect(a.epoch).not.toBe(b.epoch);
    await a.publish([signal()]);
    expect(seqsOf((await a.history({ after: 0 })).events)).toEqual([1]);
  });

  it("refuses to commit when another process advanced the log behind its back", async () => {
    const b = bus();
    await b.publish([signal()]);
    const db = new Database(fx.tmp.file());
    db.run("UPDATE meta SET value = '10' WHERE key = 'last_seq'");
    db.close();
    await expect(b.publish([signal()])).rejects.toThrow(/another process/);
    expect(b.currentSeq()).toBe(1);
  });
});

describe("open", () => {
  it("fails with a clear BusUnavailableError when the file cannot be opened", () => {
    // A directory is not a database file.
    expect(() => createLocalBus({ path: fx.tmp.dir })).toThrow(BusUnavailableError);
    expect(() => createLocalBus({ path: fx.tmp.dir })).toThrow(/cannot open the event log/);
  });
});
