import { afterAll, describe, expect, it } from "bun:test";
import { join } from "node:path";
import { tempDir } from "../test/fixtures.ts";
import { createLocalBus } from "./index.ts";

const CHILD = join(import.meta.dir, "..", "test", "publish-child.ts");
const tmp = tempDir();
const children: { pid: number; kill(signal?: number): void; exitCode: number | null }[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill(9);
  tmp.cleanup();
});

/** Reads the child's stdout until `enough` acks arrived or the deadline passed. */
async function readAcks(stream: ReadableStream<Uint8Array>, enough: number, deadlineMs: number) {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    const chunk = await Promise.race([reader.read(), Bun.sleep(deadline - Date.now()).then(() => null)]);
    if (!chunk || chunk.done) break;
    text += decoder.decode(chunk.value, { stream: true });
    if ((text.match(/^ack /gm)?.length ?? 0) >= enough) break;
  }
  reader.releaseLock();
  // Only whole lines: the kill may cut the last one.
  const complete = text
    .slice(0, text.lastIndexOf("\n") + 1)
    .split("\n")
    .filter(Boolean);
  return {
    epoch: complete.find((l) => l.startsWith("epoch "))?.slice(6),
    acked: complete.filter((l) => l.startsWith("ack ")).map((l) => Number(l.slice(4))),
  };
}

describe("durability", () => {
  it.each(["normal", "full"])(
    "keeps every acknowledged event when the process is SIGKILLed (sync=%s)",
    async (sync) => {
      const path = tmp.file(`crash-${sync}.db`);
      const child = Bun.spawn([process.execPath, CHILD, path, sync], { stdout: "pipe", stderr: "pipe" });
      children.push(child);
      let result: Awaited<ReturnType<typeof readAcks>>;
      try {
        result = await readAcks(child.stdout, 400, 15_000);
      } finally {
        child.kill(9);
        await child.exited;
      }
      expect(child.signalCode).toBe("SIGKILL");
      expect(result.acked.length).toBeGreaterThanOrEqual(400);

      const bus = createLocalBus({ path });
      try {
        expect(bus.epoch).toBe(result.epoch!);
        const maxAcked = Math.max(...result.acked);
        expect(bus.currentSeq()).toBeGreaterThanOrEqual(maxAcked);
        const held = new Set<number>();
        for (let after = 0, i = 0; i < 100; i++) {
          const page = await bus.history({ after, limit: 5_000 });
          for (const e of page.events) held.add(e.seq);
          after = page.nextAfter;
          if (!page.hasMore) break;
        }
        expect(result.acked.filter((s) => !held.has(s))).toEqual([]);
        // Seqs stay contiguous: nothing half-written.
        expect(held.size).toBe(bus.currentSeq());
      } finally {
        await bus.close();
      }
    },
    60_000,
  );
});
