import { afterAll, describe, expect, it } from "bun:test";
import { join } from "node:path";
import { mixed, tempDir } from "../test/fixtures.ts";
import { expectedSums, SumProjection } from "../test/sum-projection.ts";
import { createLocalBus } from "./index.ts";

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe("projection on the local bus", () => {
  it("folds every committed event before any listener hears of it", async () => {
    const p = new SumProjection();
    const bus = createLocalBus({ path: ":memory:", projection: p });
    const seenAtListener: number[] = [];
    bus.onEvents((batch) => seenAtListener.push(p.seq() - batch[batch.length - 1]!.seq));
    const events = mixed(50);
    await Promise.all([bus.publish(events.slice(0, 20)), bus.publish(events.slice(20))]);
    expect(p.state).toEqual(expectedSums(events.map((e) => e.type)));
    expect(seenAtListener.every((d) => d === 0)).toBe(true);
    await bus.close();
  });

  it("restarts from its checkpoint plus the log after it, never re-folding the whole log", async () => {
    const path = tmp.file("restart.db");
    const events = mixed(1_000);
    const first = new SumProjection();
    const bus = createLocalBus({ path, projection: first, checkpointEvery: 100 });
    for (let i = 0; i < events.length; i += 10) await bus.publish(events.slice(i, i + 10));
    // A checkpoint is only written with a group: simulate a crash by not closing (close checkpoints).
    const again = new SumProjection();
    const reopened = createLocalBus({ path, projection: again, checkpointEvery: 100 });
    expect(again.state).toEqual(expectedSums(events.map((e) => e.type)));
    expect(again.applied).toBeGreaterThan(0);
    expect(again.applied).toBeLessThanOrEqual(110);
    await reopened.close();
    await bus.close().catch(() => {});
  });

  it("a clean close leaves a checkpoint at the last seq: the next start folds nothing", async () => {
    const path = tmp.file("clean.db");
    const events = mixed(300);
    const bus = createLocalBus({ path, projection: new SumProjection() });
    await bus.publish(events);
    await bus.close();
    const p = new SumProjection();
    const reopened = createLocalBus({ path, projection: p });
    expect(p.applied).toBe(0);
    expect(p.state).toEqual(expectedSums(events.map((e) => e.type)));
    await reopened.close();
  });

  it("retention deletes events but never changes the state, before or after a restart", async () => {
    const path = tmp.file("retention.db");
    const events = mixed(2_000);
    const p = new SumProjection();
    const bus = createLocalBus({
      path,
      projection: p,
      maxEvents: 100,
      retentionEvery: 1_000_000,
      checkpointEvery: 5_000,
    });
    for (let i = 0; i < events.length; i += 100) await bus.publish(events.slice(i, i + 100));
    bus.runRetention();
    expect(bus.info().size).toBeLessThanOrEqual(100);
    expect(p.state).toEqual(expectedSums(events.map((e) => e.type)));
    // No clean close: the checkpoint written with the delete is what the next start has.
    const again = new SumProjection();
    const reopened = createLocalBus({ path, projection: again, checkpointEvery: 5_000 });
    expect(again.state).toEqual(expectedSums(events.map((e) => e.type)));
    await reopened.close();
    await bus.close().catch(() => {});
  });

  it("an unreadable checkpoint is reported and the log held is folded instead", async () => {
    const path = tmp.file("bad.db");
    const events = mixed(40);
    const bus = createLocalBus({ path, projection: new SumProjection() });
    await bus.publish(events);
    await bus.close();
    const { Database } = await import("bun:sqlite");
    const db = new Database(path);
    db.run("UPDATE checkpoint SET state = 'not json'");
    db.close();
    const errors: unknown[] = [];
    const p = new SumProjection();
    const reopened = createLocalBus({ path, projection: p, logger: { error: (...a: unknown[]) => errors.push(a) } });
    expect(errors.length).toBe(1);
    expect(p.state).toEqual(expectedSums(events.map((e) => e.type)));
    await reopened.close();
  });

  it("keeps the state of every acknowledged event when the process is SIGKILLed", async () => {
    const path = tmp.file("crash.db");
    const child = Bun.spawn([process.execPath, join(import.meta.dir, "..", "test", "projection-child.ts"), path], {
      stdout: "pipe",
      stderr: "inherit",
    });
    const reader = child.stdout.getReader();
    let text = "";
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && (text.match(/^ack /gm)?.length ?? 0) < 300) {
      const chunk = await Promise.race([reader.read(), Bun.sleep(1_000).then(() => null)]);
      if (chunk?.done) break;
      if (chunk) text += new TextDecoder().decode(chunk.value);
    }
    child.kill(9);
    await child.exited;
    const acked = text
      .split("\n")
      .filter((l) => /^ack \d+$/.test(l))
      .map((l) => Number(l.slice(4)));
    expect(acked.length).toBeGreaterThanOrEqual(300);
    const p = new SumProjection();
    const bus = createLocalBus({ path, projection: p });
    // Everything acknowledged is in the state, and the state is exactly the log's seqs 1..current.
    expect(p.seq()).toBeGreaterThanOrEqual(Math.max(...acked));
    expect(p.seq()).toBe(bus.currentSeq());
    const types: string[] = [];
    for (let after = 0; after < bus.currentSeq(); ) {
      const page = await bus.history({ after, limit: 5_000 });
      for (const e of page.events) types.push(e.type);
      after = page.nextAfter;
      if (!page.hasMore) break;
    }
    expect(p.state).toEqual(expectedSums(types));
    await bus.close();
  }, 60_000);
});
