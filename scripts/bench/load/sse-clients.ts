/**
 * Load process: N Server-Sent Events clients in one process, each a raw fetch stream (no
 * EventSource: it would parse every field; we only look for the bench markers in the bytes).
 * Same protocol with the orchestrator as ws-clients.ts. Needs BUN_CONFIG_MAX_HTTP_REQUESTS raised:
 * Bun's fetch runs at most 256 requests at once by default, and each stream is one for its life.
 */
import { summarize } from "../stats.ts";
import { type ClientLoadConfig, clientCommands, emit, readConfig, withConcurrency } from "./control.ts";
import { MARKER_MAX, scanMarkers } from "./marker.ts";
import { DeliveryRecorder } from "./recorder.ts";

type Config = ClientLoadConfig;

const cfg = readConfig<Config>();
const rec = new DeliveryRecorder(cfg.clients, cfg.maxK);
// Events are ASCII, so a chunk boundary never splits a character: one decoder, no stream mode.
const decoder = new TextDecoder();
const aborts: AbortController[] = [];
const openMs: number[] = [];
let connected = 0;
let failed = 0;
let disconnects = 0;
let lastActivity = 0;
let firstError = "";

let curClient = 0;
let curNow = 0;
const onMarker = (k: number, sendMs: number) => rec.onEvent(curClient, k, sendMs, curNow);

async function read(i: number, body: ReadableStream<Uint8Array>): Promise<void> {
  const reader = body.getReader();
  let carry = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      const text = carry + decoder.decode(value);
      curNow = Date.now();
      curClient = i;
      lastActivity = curNow;
      const end = scanMarkers(text, 0, onMarker);
      carry = text.slice(Math.max(end, text.length - MARKER_MAX));
    }
  } catch {
    // aborted or reset: counted below
  }
  disconnects++;
}

async function open(i: number): Promise<void> {
  const abort = new AbortController();
  const t0 = performance.now();
  const timer = setTimeout(() => abort.abort(), cfg.connectTimeoutMs);
  try {
    const res = await fetch(cfg.url, { signal: abort.signal, headers: { accept: "text/event-stream" } });
    if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
    clearTimeout(timer);
    openMs.push(performance.now() - t0);
    connected++;
    aborts.push(abort);
    void read(i, res.body);
  } catch (e) {
    clearTimeout(timer);
    failed++;
    firstError ||= String(e).slice(0, 200);
  }
}

const started = performance.now();
await withConcurrency(cfg.clients, cfg.concurrency, open);
const elapsedMs = performance.now() - started;
emit("ready", { connected, failed, elapsedMs, openMs: summarize(openMs), firstError });

function finish(code = 0): never {
  for (const a of aborts) a.abort();
  process.exit(code);
}

await clientCommands({
  setWindow: (start, end) => rec.setWindow(start, end),
  lastActivity: () => lastActivity,
  report: () => ({ ...rec.report(), disconnects, connected }),
  finish,
});
