import { describe, expect, it } from "bun:test";
import { encodeEvent, type HubEvent } from "@tickerwire/protocol";
import { MemoryWindow } from "../memory-window.ts";
import type { StoredEvent } from "../types.ts";
import type { EntryRow } from "./entries.ts";
import { type RedisHistoryState, readRedisHistory } from "./history.ts";

const hub = (seq: number): HubEvent => ({
  type: "alert",
  seq,
  topic: "system.alert",
  timestamp: "2026-01-19T10:30:45.123Z",
  data: { message: `m${seq}`, severity: "info", kind: "system" },
});
const stored = (seq: number): StoredEvent => ({ ...hub(seq), json: encodeEvent(hub(seq)) });
const row = (seq: number): EntryRow => ({ seq, topic: "system.alert", json: encodeEvent(hub(seq)), ms: 0 });

/** A fake stream holding 1..streamTip; the instance has delivered 1..delivered. */
function state(o: { streamTip: number; delivered: number; window?: number[] }) {
  const calls = { rows: [] as [number, number, number][], oldest: 0, catchUp: [] as number[] };
  let delivered = o.delivered;
  const window = new MemoryWindow(100);
  if (o.window) window.push(o.window.map(stored));
  const s: RedisHistoryState = {
    epoch: "E",
    window,
    delivered: () => delivered,
    cachedOldestSeq: () => 1,
    async oldestSeq() {
      calls.oldest++;
      return 1;
    },
    async rowsAfter(after, to, max) {
      calls.rows.push([after, to, max]);
      const out: EntryRow[] = [];
      for (let seq = after + 1; seq <= Math.min(to, o.streamTip) && out.length < max; seq++) out.push(row(seq));
      return out;
    },
    async catchUpTo(seq) {
      calls.catchUp.push(seq);
      delivered = Math.max(delivered, Math.min(seq, o.streamTip));
    },
  };
  return { s, calls };
}

describe("readRedisHistory", () => {
  it("stops at what this instance has delivered, even when the stream already holds more", async () => {
    const { s, calls } = state({ streamTip: 10, delivered: 6 });
    const page = await readRedisHistory(s, { after: 2 });
    expect(page.events.map((e) => e.seq)).toEqual([3, 4, 5, 6]);
    expect(page).toMatchObject({ currentSeq: 6, nextAfter: 6, hasMore: false, truncated: false });
    expect(calls.rows.every(([, to]) => to === 6)).toBe(true);
  });

  it("catches up first for a cursor ahead of this instance, then continues it (not a cursor from the future)", async () => {
    const { s, calls } = state({ streamTip: 10, delivered: 6 });
    const page = await readRedisHistory(s, { after: 8, epoch: "E" });
    expect(calls.catchUp).toEqual([8]);
    expect(page).toMatchObject({ truncated: false, currentSeq: 8 });
    expect(page.events).toEqual([]);
    // A cursor of another epoch needs no catch-up: it starts over.
    const other = state({ streamTip: 3, delivered: 3 });
    const restart = await readRedisHistory(other.s, { after: 8, epoch: "OTHER" });
    expect(other.calls.catchUp).toEqual([]);
    expect(restart.truncated).toBe(true);
    expect(restart.events.map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it("answers a cursor the memory window covers without a round trip", async () => {
    const { s, calls } = state({ streamTip: 5, delivered: 5, window: [3, 4, 5] });
    const page = await readRedisHistory(s, { after: 2 });
    expect(page.events).toEqual([stored(3), stored(4), stored(5)]);
    expect(calls).toMatchObject({ rows: [], oldest: 0 });
    await readRedisHistory(s, { after: 1 });
    expect(calls.oldest).toBe(1);
    expect(calls.rows.length).toBeGreaterThan(0);
  });
});
