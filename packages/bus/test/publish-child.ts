/**
 * Child process for the crash test: publishes until killed, printing each acknowledged seq
 * (`ack <seq>`) only after `publish` resolved. Usage: bun publish-child.ts <db-path> <sync>
 */
import { createLocalBus } from "../src/index.ts";
import { trade } from "./fixtures.ts";

const [path, sync] = process.argv.slice(2);
if (!path) throw new Error("usage: publish-child.ts <db-path> [normal|full]");
const bus = createLocalBus({ path, sync: sync === "full" ? "full" : "normal" });
process.stdout.write(`epoch ${bus.epoch}\n`);
// Bounded: the parent kills us long before this ends.
for (let i = 0; i < 200_000; i++) {
  const results = await Promise.all(Array.from({ length: 4 }, (_, j) => bus.publish([trade(`c${i}-${j}`)])));
  process.stdout.write(`${results.map((r) => `ack ${r.events[0]!.seq}`).join("\n")}\n`);
}
await bus.close();
