/**
 * The projection's checkpoint in Redis, shared by every instance: a hash `{seq, epoch, state}`
 * written only when newer (compare-and-set in one script), so instances racing each other can only
 * move it forward. A new instance restores it and folds just the stream after it instead of the
 * whole stream; every instance then folds the same stream in the same order, so all of them hold
 * the identical state at the same seq.
 */
import type Redis from "ioredis";
import type { Checkpoint } from "../projection.ts";

/** KEYS[1] hash; ARGV seq, epoch, state. Returns 1 when written, 0 when the stored one is as new. */
const WRITE_IF_NEWER = `
local cur = redis.call('HGET', KEYS[1], 'seq')
if cur and tonumber(cur) >= tonumber(ARGV[1]) and redis.call('HGET', KEYS[1], 'epoch') == ARGV[2] then
  return 0
end
redis.call('HSET', KEYS[1], 'seq', ARGV[1], 'epoch', ARGV[2], 'state', ARGV[3])
return 1`;

export class CheckpointStore {
  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly epoch: string,
  ) {}

  /** The stored checkpoint of this epoch (one of another epoch is ignored: that history is gone). */
  async read(): Promise<Checkpoint | undefined> {
    const h = await this.redis.hgetall(this.key);
    if (!h || h.epoch !== this.epoch || h.state === undefined) return undefined;
    const seq = Number(h.seq);
    if (!Number.isSafeInteger(seq) || seq < 0) return undefined;
    return { seq, state: h.state };
  }

  /** Writes the checkpoint unless the stored one (same epoch) is at least as new; true when written. */
  async write(checkpoint: Checkpoint): Promise<boolean> {
    const r = await this.redis.eval(WRITE_IF_NEWER, 1, this.key, String(checkpoint.seq), this.epoch, checkpoint.state);
    return r === 1;
  }
}
