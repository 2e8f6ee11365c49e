/**
 * Publishing at a fixed rate: every 10 ms tick, the events due by now (rate × elapsed) go to the
 * publisher, which batches whatever accumulated while its previous request was in flight.
 */
import type { HttpPublisher } from "../publish/http-publisher.ts";
import { sleep } from "../publish/sleep.ts";
import { dueEvents, stressEvent } from "./load.ts";

const TICK_MS = 10;

export interface PublishLoopOptions {
  publisher: HttpPublisher;
  rate: number;
  durationMs: number;
  payload: number;
  runId: string;
  signal: AbortSignal;
  /** Called about once a second (progress line, churn). */
  everySecond: () => void;
}

export interface PublishLoopResult {
  produced: number;
  elapsedMs: number;
  /** Why publishing stopped early (the hub refused a batch, or stayed down). */
  error: Error | null;
}

export async function publishAtRate(o: PublishLoopOptions): Promise<PublishLoopResult> {
  const start = Date.now();
  let produced = 0;
  let error: Error | null = null;
  let nextSecond = start + 1_000;
  while (!o.signal.aborted && Date.now() - start < o.durationMs) {
    const now = Date.now();
    const due = dueEvents(o.rate, now - start);
    if (due > produced) {
      const events = Array.from({ length: due - produced }, (_, i) => stressEvent(produced + i, o.runId, o.payload));
      produced = due;
      error = await o.publisher.publish(events).then(
        () => null,
        (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
      );
      if (error) break;
    }
    if (now >= nextSecond) {
      o.everySecond();
      nextSecond += 1_000;
    }
    await sleep(TICK_MS - ((Date.now() - start) % TICK_MS), o.signal);
  }
  return { produced, elapsedMs: Date.now() - start, error };
}
