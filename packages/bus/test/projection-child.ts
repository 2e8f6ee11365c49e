/**
 * Child process for the projection crash test: publishes (with a projection checkpointed every 50
 * events) until killed, printing `ack <seq>` only after `publish` resolved.
 * Usage: bun projection-child.ts <db-path>
 */
import { createLocalBus } from "../src/index.ts";
import { signal, trade } from "./fixtures.ts";
import { SumProjection } from "./sum-projection.ts";

const [path] = process.argv.slice(2);
if (!path) throw new Error("usage: projection-child.ts <db-path>");
const bus = createLocalBus({ path, projection: new SumProjection(), checkpointEvery: 50 });
// Bounded: the parent kills us long before this ends.
for (let i = 0; i < 200_000; i++) {
  const results = await Promise.all([bus.publish([trade(`c${i}`), signal()]), bus.publish([signal()])]);
  process.stdout.write(`${results.map((r) => `ack ${r.events[r.events.length - 1]!.seq}`).join("\n")}\n`);
}
await bus.close();
