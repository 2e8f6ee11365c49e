/**
 * Reads of the shared Stream and counter. Entry ids are `<seq>-0`, so a seq range is an id range
 * and `XRANGE` needs no index. Every read is bounded (COUNT or an id range the caller bounds).
 */
import type Redis from "ioredis";
import type { StoredEvent } from "../types.ts";
import { type EntryRow, entriesToRows, rowToEvent } from "./entries.ts";
import type { RedisKeys } from "./options.ts";

export class StreamReader {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  /** Up to `max` rows with after < seq <= to, in seq order. */
  async rowsAfter(after: number, to: number, max: number): Promise<EntryRow[]> {
    if (to <= after || max <= 0) return [];
    return entriesToRows(await this.redis.xrange(this.keys.events, `${after + 1}-0`, `${to}-0`, "COUNT", max));
  }

  /** Events with from <= seq <= to (the caller bounds the range). */
  async events(from: number, to: number): Promise<StoredEvent[]> {
    if (to < from) return [];
    const rows = entriesToRows(await this.redis.xrange(this.keys.events, `${from}-0`, `${to}-0`));
    const events: StoredEvent[] = [];
    for (const row of rows) {
      const e = rowToEvent(row);
      if (e) events.push(e);
    }
    return events;
  }

  /** The oldest seq the stream holds (0 when empty). */
  async oldestSeq(): Promise<number> {
    return firstSeq(await this.redis.xrange(this.keys.events, "-", "+", "COUNT", 1));
  }

  /** The last assigned seq, shared by every instance (0 before the first event). */
  async sharedSeq(): Promise<number> {
    return toSeq(await this.redis.get(this.keys.seq));
  }

  /** Counter, length, oldest seq and epoch in one round trip (the periodic sync). */
  async snapshot(): Promise<{ seq: number; length: number; oldestSeq: number; epoch: string | null }> {
    const replies = await this.redis
      .pipeline()
      .get(this.keys.seq)
      .xlen(this.keys.events)
      .xrange(this.keys.events, "-", "+", "COUNT", 1)
      .get(this.keys.epoch)
      .exec();
    if (!replies) throw new Error("the Redis pipeline was not executed");
    const failed = replies.find(([err]) => err);
    if (failed) throw failed[0];
    const [seq, length, oldest, epoch] = replies.map(([, v]) => v);
    return {
      seq: toSeq(seq),
      length: Number(length) || 0,
      oldestSeq: firstSeq(oldest),
      epoch: typeof epoch === "string" ? epoch : null,
    };
  }
}

function toSeq(v: unknown): number {
  const n = Number(v ?? 0);
  return Number.isSafeInteger(n) && n > 0 ? n : 0;
}

function firstSeq(reply: unknown): number {
  const id = Array.isArray(reply) && Array.isArray(reply[0]) ? reply[0][0] : undefined;
  return typeof id === "string" ? toSeq(Number.parseInt(id, 10)) : 0;
}
