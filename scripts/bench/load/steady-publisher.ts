/**
 * Load process for the resume storm and the browser workload: publishes `rate` events/s (signals
 * over T strategies, see signal-topics.ts; or the dashboard's mix, mixed-events.ts, from event
 * `startK` on) until told to stop, through hub restarts. One request in flight; each batch
 * carries an Idempotency-Key and is retried with the same key until accepted, so a batch the hub
 * committed just before it died is never published twice, and events due while the hub is away
 * go out in the first batches after it answers again. Reports which strategy each accepted seq
 * belongs to, so the clients can check they got exactly their share.
 *
 * Config (JSON argument): { url, rate, topics, runId, maxDurationMs, kind?, startK? }.
 * Commands: {"cmd":"stop"}.
 */
import { emit, readCommands, readConfig } from "./control.ts";
import { mixedPublish } from "./mixed-events.ts";
import { signalItem } from "./signal-topics.ts";

interface Config {
  /** POST /api/v1/events of the hub. */
  url: string;
  rate: number;
  topics: number;
  /** Makes Idempotency-Keys unique to this run. */
  runId: string;
  /** Safety stop if no `stop` command comes. */
  maxDurationMs: number;
  /** Which events (default: signals over `topics` strategies). */
  kind?: "signals" | "mixed";
  /** The first event number (mixed: continue after what was published before). */
  startK?: number;
}

const cfg = readConfig<Config>();
const MAX_BATCH = 1000;
const ATTEMPT_TIMEOUT_MS = 3000;
const RETRY_MS = 50;

let stopping = false;
let stopRequestedAt = 0;
void readCommands<{ cmd: "stop" }>(() => {
  // "stop", or "exit" when the orchestrator goes away: finish the batch in hand, then report.
  stopping = true;
  stopRequestedAt ||= Date.now();
});

/** Topic index of each accepted seq, from the first one. */
const topicOf = new Map<number, number>();
let accepted = 0;
let retries = 0;
let batches = 0;
let firstError = "";
let nextK = 0;

async function postOnce(body: string, key: string): Promise<number[] | null> {
  try {
    const res = await fetch(cfg.url, {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": key },
      body,
      signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
    });
    const text = await res.text();
    if (res.status !== 202 && res.status !== 200) {
      firstError ||= `HTTP ${res.status}: ${text.slice(0, 120)}`;
      return null;
    }
    return (JSON.parse(text) as { seqs: number[] }).seqs;
  } catch (e) {
    firstError ||= String(e).slice(0, 200);
    return null;
  }
}

/** Publishes events [from, to) as one batch, retrying until accepted (or told to stop). */
async function publish(from: number, to: number): Promise<void> {
  const items = [];
  const base = cfg.startK ?? 0;
  for (let k = from; k < to; k++) items.push(cfg.kind === "mixed" ? mixedPublish(base + k) : signalItem(k, cfg.topics));
  const key = `${cfg.runId}-${from}`;
  const body = JSON.stringify(items);
  batches++;
  for (;;) {
    const seqs = await postOnce(body, key);
    if (seqs) {
      for (const [j, seq] of seqs.entries()) topicOf.set(seq, (from + j) % cfg.topics);
      accepted += seqs.length;
      return;
    }
    retries++;
    if (stopping && Date.now() - stopRequestedAt > 10_000) return; // the hub never came back
    await Bun.sleep(RETRY_MS);
  }
}

const started = Date.now();
while (!stopping && Date.now() - started < cfg.maxDurationMs) {
  const due = Math.floor((cfg.rate * (Date.now() - started)) / 1000);
  while (nextK < due) {
    const to = Math.min(due, nextK + MAX_BATCH);
    await publish(nextK, to);
    nextK = to;
  }
  await Bun.sleep(10);
}
const stopAt = Date.now();
const seqs = [...topicOf.keys()].sort((a, b) => a - b);
const firstSeq = seqs[0] ?? 0;
const lastSeq = seqs.at(-1) ?? 0;
// Dense from the first seq: the topic index, or -1 for a seq that is not ours.
const topics: number[] = [];
for (let s = firstSeq; s <= lastSeq && seqs.length > 0; s++) topics.push(topicOf.get(s) ?? -1);
emit("report", {
  sent: nextK,
  accepted,
  batches,
  retries,
  firstError,
  elapsedMs: stopAt - started,
  firstSeq,
  lastSeq,
  topics,
});
process.exit(0);
