/**
 * Load process: N socket.io-client 4.8 clients (WebSocket transport only, no reconnection) in one
 * Bun process. Each event arrives as the wire JSON string the server emitted; the markers are read
 * from it like from a raw WebSocket frame. Same protocol with the orchestrator as ws-clients.ts.
 */
import { io, type Socket } from "socket.io-client";
import { summarize } from "../stats.ts";
import { type ClientLoadConfig, clientCommands, emit, readConfig, withConcurrency } from "./control.ts";
import { scanMarkers } from "./marker.ts";
import { DeliveryRecorder } from "./recorder.ts";

type Config = ClientLoadConfig;

const cfg = readConfig<Config>();
const rec = new DeliveryRecorder(cfg.clients, cfg.maxK);
const sockets: Socket[] = [];
const openMs: number[] = [];
const reasons: Record<string, number> = {};
let failed = 0;
let disconnects = 0;
let lastActivity = 0;
let firstError = "";

let curClient = 0;
let curNow = 0;
const onMarker = (k: number, sendMs: number) => rec.onEvent(curClient, k, sendMs, curNow);

function open(i: number): Promise<void> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const s = io(cfg.url, {
      transports: ["websocket"],
      reconnection: false,
      forceNew: true,
      timeout: cfg.connectTimeoutMs,
    });
    let settled = false;
    s.on("connect", () => {
      if (settled) return;
      settled = true;
      openMs.push(performance.now() - t0);
      sockets.push(s);
      resolve();
    });
    s.on("connect_error", (e) => {
      if (settled) return;
      settled = true;
      failed++;
      firstError ||= String(e).slice(0, 200);
      s.close();
      resolve();
    });
    s.on("disconnect", (reason) => {
      disconnects++;
      reasons[reason] = (reasons[reason] ?? 0) + 1;
    });
    s.on("e", (text: string) => {
      curNow = Date.now();
      curClient = i;
      lastActivity = curNow;
      rec.addChars(text.length);
      scanMarkers(text, 0, onMarker);
    });
  });
}

const started = performance.now();
await withConcurrency(cfg.clients, cfg.concurrency, open);
const elapsedMs = performance.now() - started;
emit("ready", { connected: sockets.length, failed, elapsedMs, openMs: summarize(openMs), firstError });

function finish(code = 0): never {
  for (const s of sockets) s.close();
  process.exit(code);
}

await clientCommands({
  setWindow: (start, end) => rec.setWindow(start, end),
  lastActivity: () => lastActivity,
  report: () => ({ ...rec.report(), disconnects, closeCodes: reasons, connected: sockets.length }),
  finish,
});
