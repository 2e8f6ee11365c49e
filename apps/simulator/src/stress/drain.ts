/** After publishing: wait until every connected client has the last acknowledged event of its subscription. */
import { compilePatterns } from "@tickerwire/protocol";
import { sleep } from "../publish/sleep.ts";
import type { Fleet } from "./fleet.ts";
import type { Ledger } from "./ledger.ts";

export async function drain(fleet: Fleet, ledger: Ledger, timeoutMs: number, everySecond: () => void): Promise<void> {
  const lastBySub = new Map<string, number>();
  const lastFor = (patterns: readonly string[]) => {
    const key = patterns.join(",");
    let last = lastBySub.get(key);
    if (last === undefined) {
      last = ledger.seqsMatching(compilePatterns(patterns)).at(-1) ?? 0;
      lastBySub.set(key, last);
    }
    return last;
  };
  const deadline = Date.now() + timeoutMs;
  let nextSecond = Date.now() + 1_000;
  while (Date.now() < deadline) {
    const waiting = fleet.consumers.some((c) => {
      const last = lastFor(c.patterns);
      return c.tracker !== null && last > c.tracker.startSeq && !c.tracker.has(last);
    });
    if (!waiting) break;
    if (Date.now() >= nextSecond) {
      everySecond();
      nextSecond += 1_000;
    }
    await sleep(50);
  }
  everySecond();
}
