import { describe, expect, it } from "bun:test";
import { mixed } from "../../test/fixtures.ts";
import { useRedis } from "../../test/redis-harness.ts";
import { expectedSums, SumProjection } from "../../test/sum-projection.ts";

const redis = useRedis();

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out waiting for a condition");
    await Bun.sleep(10);
  }
}

describe("projection on the Redis bus", () => {
  it("two instances fold the shared stream to the identical state at the same seq", async () => {
    const keyPrefix = redis.prefix();
    const pa = new SumProjection();
    const pb = new SumProjection();
    const a = await redis.bus({ keyPrefix, projection: pa });
    const b = await redis.bus({ keyPrefix, projection: pb });
    const events = mixed(400);
    for (let i = 0; i < events.length; i += 40) {
      await (i % 80 === 0 ? a : b).publish(events.slice(i, i + 40));
    }
    await until(() => pa.seq() === 400 && pb.seq() === 400);
    expect(pa.state).toEqual(expectedSums(events.map((e) => e.type)));
    expect(pb.state).toEqual(pa.state);
  });

  it("a new instance starts from the shared checkpoint and folds only the stream after it", async () => {
    const keyPrefix = redis.prefix();
    const first = await redis.bus({ keyPrefix, projection: new SumProjection(), checkpointEvery: 100 });
    const events = mixed(1_050);
    for (let i = 0; i < events.length; i += 50) await first.publish(events.slice(i, i + 50));
    await Bun.sleep(100); // the last checkpoint write (fire and forget) lands
    const late = new SumProjection();
    await redis.bus({ keyPrefix, projection: late });
    expect(late.state).toEqual(expectedSums(events.map((e) => e.type)));
    expect(late.applied).toBeLessThanOrEqual(150);
  });

  it("a checkpoint never moves backwards, and one of another epoch is ignored", async () => {
    const keyPrefix = redis.prefix();
    const bus = await redis.bus({ keyPrefix, projection: new SumProjection(), checkpointEvery: 10 });
    await bus.publish(mixed(30));
    await bus.close();
    const stored = await redis.raw.hgetall(`${keyPrefix}:checkpoint`);
    expect(Number(stored.seq)).toBe(30);
    // Another epoch: the store was replaced; its old checkpoint must not be restored.
    await redis.raw.hset(`${keyPrefix}:checkpoint`, "epoch", "other-epoch", "seq", "999");
    const p = new SumProjection();
    await redis.bus({ keyPrefix, projection: p });
    expect(p.state).toEqual(expectedSums(mixed(30).map((e) => e.type)));
    expect(p.applied).toBe(30);
  });
});
