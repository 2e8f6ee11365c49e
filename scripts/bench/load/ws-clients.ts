/**
 * Load process: N raw WebSocket clients in one process — TCP sockets (Bun.connect) speaking just
 * enough RFC 6455 (@tickerwire/simulator/ws-frames, shared with the stress tool). One callback per TCP read rather than per message, and markers
 * are found in the bytes without making strings, so one core can receive millions of frames a
 * second and the target, not the load generator, is what runs out first. Connects with bounded
 * concurrency, reports `ready`, records deliveries through the orchestrator's window and drain.
 */

import {
  clientControlFrame,
  OP_CLOSE,
  OP_CONT,
  OP_PING,
  OP_PONG,
  OP_TEXT,
  randomKey,
  upgradeRequest,
  walkFrames,
} from "@tickerwire/simulator/ws-frames";
import type { Socket } from "bun";
import { summarize } from "../stats.ts";
import { type ClientLoadConfig, clientCommands, emit, readConfig, withConcurrency } from "./control.ts";
import { NEEDLE_BYTES, readMarkerBytes } from "./marker.ts";
import { DeliveryRecorder } from "./recorder.ts";

interface Config extends ClientLoadConfig {
  /** Several servers (instances of one hub): client i connects to urls[i % urls.length]. */
  urls?: string[];
}

interface Conn {
  i: number;
  upgraded: boolean;
  /** Counted as failed (timeout): an upgrade answered later must not count it as connected. */
  abandoned: boolean;
  closed: boolean;
  /** Response head bytes while the upgrade's answer is incomplete. */
  head: Buffer | null;
  /** Bytes of a frame cut by the end of the last read. */
  rest: Buffer | null;
  done: (ok: boolean, why?: string) => void;
}

const cfg = readConfig<Config>();
const urls = (cfg.urls?.length ? cfg.urls : [cfg.url]).map((u) => new URL(u));
const rec = new DeliveryRecorder(cfg.clients, cfg.maxK);
const sockets: Socket<Conn>[] = [];
const openMs: number[] = [];
const closeCodes: Record<string, number> = {};
let failed = 0;
let disconnects = 0;
let lastActivity = 0;
let firstError = "";

// Per-read state the frame callback reads instead of closing over: no allocation per frame.
let cur: Socket<Conn>;
let curBuf: Buffer;
let curNow = 0;
const onMarker = (k: number, sendMs: number) => rec.onEvent(cur.data.i, k, sendMs, curNow);

function onFrame(op: number, a: number, b: number): void {
  if (op === OP_TEXT || op === OP_CONT) {
    rec.addChars(b - a);
    if (b - a < NEEDLE_BYTES.length) return;
    const at = curBuf.indexOf(NEEDLE_BYTES, a);
    if (at !== -1 && at < b) readMarkerBytes(curBuf, at, b, onMarker);
  } else if (op === OP_PING) {
    cur.write(clientControlFrame(OP_PONG, curBuf.subarray(a, b)));
  } else if (op === OP_CLOSE) {
    const code = b - a >= 2 ? ((curBuf[a] as number) << 8) | (curBuf[a + 1] as number) : 1005;
    closeCodes[code] = (closeCodes[code] ?? 0) + 1;
    cur.write(clientControlFrame(OP_CLOSE, curBuf.subarray(a, Math.min(b, a + 2))));
    cur.data.closed = true;
    cur.end();
  }
}

function onFrames(socket: Socket<Conn>, data: Buffer): void {
  const c = socket.data;
  const buf = c.rest ? Buffer.concat([c.rest, data]) : data;
  cur = socket;
  curBuf = buf;
  curNow = Date.now();
  lastActivity = curNow;
  const end = walkFrames(buf, 0, onFrame);
  c.rest = end < buf.length ? Buffer.from(buf.subarray(end)) : null;
}

function onHandshake(socket: Socket<Conn>, data: Buffer): void {
  const c = socket.data;
  const head = c.head ? Buffer.concat([c.head, data]) : data;
  const endOfHead = head.indexOf("\r\n\r\n");
  if (endOfHead === -1) {
    c.head = Buffer.from(head);
    return;
  }
  c.head = null;
  if (c.abandoned) {
    socket.end();
    return;
  }
  if (head.toString("latin1", 0, 12) !== "HTTP/1.1 101") {
    c.done(false, head.toString("latin1", 0, Math.min(endOfHead, 200)).split("\r\n", 1)[0]);
    socket.end();
    return;
  }
  c.upgraded = true;
  c.done(true);
  if (endOfHead + 4 < head.length) onFrames(socket, head.subarray(endOfHead + 4));
}

function open(i: number): Promise<void> {
  const url = urls[i % urls.length] as URL;
  return new Promise((resolve) => {
    const t0 = performance.now();
    let settled = false;
    const conn: Conn = {
      i,
      upgraded: false,
      abandoned: false,
      closed: false,
      head: null,
      rest: null,
      done(ok, why) {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (ok) openMs.push(performance.now() - t0);
        else {
          conn.abandoned = true;
          failed++;
          firstError ||= why ?? "failed";
        }
        resolve();
      },
    };
    const timer = setTimeout(() => conn.done(false, "connect timeout"), cfg.connectTimeoutMs);
    Bun.connect<Conn>({
      hostname: url.hostname,
      port: Number(url.port),
      data: conn,
      socket: {
        open(s) {
          sockets.push(s);
          s.write(upgradeRequest(url.host, url.pathname + url.search, randomKey()));
        },
        data(s, d) {
          if (s.data.upgraded) onFrames(s, d);
          else onHandshake(s, d);
        },
        close(s) {
          if (!s.data.upgraded) return s.data.done(false, "closed during upgrade");
          if (!s.data.closed) closeCodes.reset = (closeCodes.reset ?? 0) + 1;
          s.data.closed = true;
          disconnects++;
        },
        error(s, e) {
          s.data.done(false, String(e).slice(0, 200));
        },
        connectError(s, e) {
          s.data.done(false, String(e).slice(0, 200));
        },
      },
    }).catch((e) => conn.done(false, String(e).slice(0, 200)));
  });
}

const started = performance.now();
await withConcurrency(cfg.clients, cfg.concurrency, open);
const elapsedMs = performance.now() - started;
const connected = sockets.filter((s) => s.data.upgraded).length;
emit("ready", { connected, failed, elapsedMs, openMs: summarize(openMs), firstError });

function finish(code = 0): never {
  for (const s of sockets) s.end();
  process.exit(code);
}

await clientCommands({
  setWindow: (start, end) => rec.setWindow(start, end),
  lastActivity: () => lastActivity,
  report: () => ({ ...rec.report(), disconnects, closeCodes, connected }),
  finish,
});
