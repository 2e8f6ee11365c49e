/**
 * A raw WebSocket connection for the stress tool: a TCP socket (Bun.connect) speaking just enough
 * RFC 6455 (ws-frames.ts). One callback per TCP read, not per message; each text frame's seq is
 * read from the bytes (seq-scan.ts) with no string made — only control messages are decoded.
 * No extensions are offered, so frames arrive uncompressed.
 */
import type { Socket } from "bun";
import type { RawLink, RawSink } from "./raw-link.ts";
import { seqInBytes } from "./seq-scan.ts";
import {
  clientControlFrame,
  OP_CLOSE,
  OP_PING,
  OP_PONG,
  OP_TEXT,
  randomKey,
  upgradeRequest,
  walkFrames,
} from "./ws-frames.ts";

interface Conn {
  sink: RawSink;
  upgraded: boolean;
  ended: boolean;
  /** Response head while the upgrade answer is incomplete; bytes of a frame cut by a read. */
  pending: Buffer | null;
}

// Per-read state read by the frame callback instead of a closure per read.
let cur: Socket<Conn>;
let curBuf: Buffer;
let curNow = 0;

function onFrame(op: number, a: number, b: number): void {
  if (op === OP_TEXT) {
    const seq = seqInBytes(curBuf, a, b);
    if (seq >= 0) cur.data.sink.seq(seq, curNow);
    else cur.data.sink.control(curBuf.toString("utf8", a, b));
  } else if (op === OP_PING) {
    cur.write(clientControlFrame(OP_PONG, curBuf.subarray(a, b)));
  } else if (op === OP_CLOSE) {
    cur.write(clientControlFrame(OP_CLOSE, curBuf.subarray(a, Math.min(b, a + 2))));
    cur.end();
  }
}

function onData(socket: Socket<Conn>, data: Buffer): void {
  const c = socket.data;
  let buf = c.pending ? Buffer.concat([c.pending, data]) : data;
  c.pending = null;
  if (!c.upgraded) {
    const endOfHead = buf.indexOf("\r\n\r\n");
    if (endOfHead < 0) {
      c.pending = Buffer.from(buf);
      return;
    }
    if (buf.toString("latin1", 0, 12) !== "HTTP/1.1 101") {
      socket.end();
      return;
    }
    c.upgraded = true;
    buf = buf.subarray(endOfHead + 4);
  }
  cur = socket;
  curBuf = buf;
  curNow = Date.now();
  const end = walkFrames(buf, 0, onFrame);
  if (end < buf.length) c.pending = Buffer.from(buf.subarray(end));
}

function ended(socket: Socket<Conn>): void {
  if (socket.data.ended) return;
  socket.data.ended = true;
  socket.data.sink.closed();
}

/** Opens `url` (http://host:port/ws?…) as a WebSocket; the sink hears every event's seq. */
export function openRawWs(url: string, sink: RawSink): RawLink {
  const u = new URL(url);
  const conn: Conn = { sink, upgraded: false, ended: false, pending: null };
  let socket: Socket<Conn> | null = null;
  let closing = false;
  Bun.connect<Conn>({
    hostname: u.hostname,
    port: Number(u.port || 80),
    data: conn,
    socket: {
      open(s) {
        socket = s;
        if (closing) s.end();
        else s.write(upgradeRequest(u.host, u.pathname + u.search, randomKey()));
      },
      data: onData,
      close: ended,
      error: ended,
      connectError: ended,
    },
  }).catch(() => {
    if (!conn.ended) {
      conn.ended = true;
      sink.closed();
    }
  });
  return {
    close() {
      closing = true;
      socket?.end();
    },
  };
}
