/**
 * Load process: POSTs bench events to a target's publish endpoint. "rate" mode keeps to R events/s
 * in small batches (fan-out); "flood" mode keeps `inFlight` requests of `batch` events going as
 * fast as the target answers (burst, ingest). `single` sends one object per request, not an array.
 * Every event carries its number k and its send time (see marker.ts).
 */
import { summarize } from "../stats.ts";
import { emit, readConfig } from "./control.ts";
import { benchItem } from "./marker.ts";

interface Config {
  url: string;
  mode: "rate" | "flood";
  /** Events per second (rate mode). */
  rate: number;
  /** Max events per request (rate mode sends what is due, up to this). */
  batch: number;
  inFlight: number;
  single: boolean;
  /** Wall-clock ms to start at, and how long to publish. */
  startAt: number;
  durationMs: number;
  /** Stop after this many events (0 = no limit). */
  maxEvents: number;
  wireBytes: number;
  /** `--watch`: name this publisher as an engine (X-Engine-Id, a 10 s interval). */
  engineId?: string;
}

const cfg = readConfig<Config>();
const headers: Record<string, string> = { "content-type": "application/json" };
if (cfg.engineId) Object.assign(headers, { "x-engine-id": cfg.engineId, "x-engine-interval": "10" });
const statuses: Record<string, number> = {};
const postMs: number[] = [];
let sent = 0;
let accepted = 0;
let failed = 0;
let firstError = "";
let pending = 0;
let lastAnswerMs = 0;
let started = 0;

/**
 * The send time written into event k. In rate mode it is when k was due (start + k/rate), not when
 * a request slot came free: a target that makes the publisher wait is charged for the wait
 * (no "coordinated omission"). In flood mode there is no schedule; it is the send time.
 */
function sendTimeOf(k: number, now: number): number {
  return cfg.mode === "rate" ? started + Math.floor((k * 1000) / cfg.rate) : now;
}

async function post(n: number): Promise<void> {
  const now = Date.now();
  const items = Array.from({ length: n }, (_, j) => benchItem(sent + j, sendTimeOf(sent + j, now), cfg.wireBytes));
  sent += n;
  pending++;
  const t0 = performance.now();
  try {
    const res = await fetch(cfg.url, {
      method: "POST",
      headers,
      body: JSON.stringify(cfg.single ? items[0] : items),
    });
    await res.arrayBuffer();
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    if (res.ok) accepted += n;
    else {
      failed += n;
      firstError ||= `HTTP ${res.status}`;
    }
  } catch (e) {
    failed += n;
    firstError ||= String(e).slice(0, 200);
  } finally {
    pending--;
    lastAnswerMs = Date.now();
    postMs.push(performance.now() - t0);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const end = cfg.startAt + cfg.durationMs;
const limit = cfg.maxEvents > 0 ? cfg.maxEvents : Number.POSITIVE_INFINITY;
await sleep(Math.max(0, cfg.startAt - Date.now()));
started = Date.now();

if (cfg.mode === "rate") {
  // Publish what is due by now (R × elapsed), every 5 ms, in at most `inFlight` requests.
  while (Date.now() < end && sent < limit) {
    const due = Math.min(limit, Math.floor((cfg.rate * (Date.now() - started)) / 1000));
    while (sent < due && pending < cfg.inFlight) void post(Math.min(cfg.batch, due - sent));
    await sleep(5);
  }
} else {
  await Promise.all(
    Array.from({ length: cfg.inFlight }, async () => {
      while (Date.now() < end && sent < limit) await post(Math.min(cfg.single ? 1 : cfg.batch, limit - sent));
    }),
  );
}
const stopped = Date.now();
for (let i = 0; pending > 0 && i < 300; i++) await sleep(50); // answers still due, at most 15 s
// Until the last answer: a request in flight at the stop still counts, so does its time.
const elapsedMs = Math.max(1, Math.max(stopped, lastAnswerMs) - started);
emit("report", {
  sent,
  accepted,
  failed,
  pendingAtExit: pending,
  statuses,
  firstError,
  startedMs: started,
  stoppedMs: stopped,
  elapsedMs,
  acceptedPerSec: (accepted / elapsedMs) * 1000,
  postMs: summarize(postMs),
});
process.exit(0);
