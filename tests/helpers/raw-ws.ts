/**
 * A WebSocket client on a raw TCP socket (node:net), for tests that need what a WebSocket API
 * hides: it can stop reading (`pause()`: the kernel buffers fill and the server sees backpressure)
 * and read again later. Does the HTTP upgrade by hand and parses RFC 6455 frames itself; frames
 * from a server are never masked (https://www.rfc-editor.org/rfc/rfc6455#section-5.1).
 */
import { createConnection, type Socket } from "node:net";

export interface RawFrame {
  opcode: number;
  payload: Buffer;
}

/** Incremental RFC 6455 frame parser (server → client: unmasked; masks are still honoured). */
export class FrameParser {
  private buf: Buffer = Buffer.alloc(0);
  private fragments: Buffer[] = [];
  private fragmentOpcode = 0;

  /** Takes bytes; returns the complete messages (continuations joined) they finish. */
  push(chunk: Buffer): RawFrame[] {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const out: RawFrame[] = [];
    let off = 0;
    for (;;) {
      if (this.buf.length - off < 2) break;
      const b0 = this.buf[off] as number;
      const b1 = this.buf[off + 1] as number;
      const fin = (b0 & 0x80) !== 0;
      const opcode = b0 & 0x0f;
      const masked = (b1 & 0x80) !== 0;
      let len = b1 & 0x7f;
      let head = 2;
      if (len === 126) {
        if (this.buf.length - off < 4) break;
        len = this.buf.readUInt16BE(off + 2);
        head = 4;
      } else if (len === 127) {
        if (this.buf.length - off < 10) break;
        len = Number(this.buf.readBigUInt64BE(off + 2));
        head = 10;
      }
      const maskAt = off + head;
      if (masked) head += 4;
      if (this.buf.length - off < head + len) break;
      let payload = this.buf.subarray(off + head, off + head + len);
      if (masked) {
        const mask = this.buf.subarray(maskAt, maskAt + 4);
        payload = Buffer.from(payload.map((b, i) => b ^ (mask[i % 4] as number)));
      }
      off += head + len;
      if (opcode >= 0x8) out.push({ opcode, payload: Buffer.from(payload) });
      else if (opcode === 0) {
        this.fragments.push(Buffer.from(payload));
        if (fin) {
          out.push({ opcode: this.fragmentOpcode, payload: Buffer.concat(this.fragments) });
          this.fragments = [];
        }
      } else if (fin) out.push({ opcode, payload: Buffer.from(payload) });
      else {
        this.fragmentOpcode = opcode;
        this.fragments = [Buffer.from(payload)];
      }
    }
    this.buf = off === this.buf.length ? Buffer.alloc(0) : this.buf.subarray(off);
    return out;
  }
}

export interface RawWsClose {
  /** Close code from the server's close frame; undefined when the TCP connection just ended. */
  code: number | undefined;
  reason: string;
}

/**
 * @example const c = await RawWs.connect(port, "/ws?topics=trade.>"); c.pause(); ...; c.resume();
 */
export class RawWs {
  /** Text messages in arrival order. */
  readonly messages: string[] = [];
  closeInfo: RawWsClose | null = null;
  readonly closed: Promise<RawWsClose>;
  private resolveClosed!: (c: RawWsClose) => void;
  private readonly parser = new FrameParser();
  private listeners = new Set<() => void>();

  private constructor(private readonly socket: Socket) {
    this.closed = new Promise((r) => {
      this.resolveClosed = r;
    });
  }

  static connect(port: number, path: string, timeoutMs = 5000): Promise<RawWs> {
    return new Promise((resolve, reject) => {
      const socket = createConnection({ host: "127.0.0.1", port });
      const ws = new RawWs(socket);
      let head = Buffer.alloc(0);
      let upgraded = false;
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`RawWs: no upgrade within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.on("connect", () => {
        socket.write(
          `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
            `Sec-WebSocket-Key: ${btoa("tickerwire-rawws")}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
        );
      });
      socket.on("data", (chunk: Buffer) => {
        if (upgraded) {
          ws.take(chunk);
          return;
        }
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf("\r\n\r\n");
        if (end < 0) return;
        const status = head.subarray(0, head.indexOf("\r\n")).toString();
        clearTimeout(timer);
        if (!/^HTTP\/1\.1 101/.test(status)) {
          socket.destroy();
          reject(new Error(`RawWs: upgrade refused: ${status}`));
          return;
        }
        upgraded = true;
        resolve(ws);
        const rest = head.subarray(end + 4);
        if (rest.length > 0) ws.take(rest);
      });
      socket.on("error", (e) => {
        clearTimeout(timer);
        if (!upgraded) reject(e);
        ws.end(undefined, `socket error: ${e.message}`);
      });
      socket.on("close", () => ws.end(undefined, "tcp closed"));
    });
  }

  /** Stops reading from the socket: the server's writes pile up in kernel and server buffers. */
  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  /** Resolves once `pred` holds, or rejects after `timeoutMs`. */
  waitFor(pred: () => boolean, timeoutMs: number, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!pred()) return;
        this.listeners.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(`RawWs: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      this.listeners.add(check);
      check();
    });
  }

  /** Resolves once no message arrived for `quietMs` (or the connection closed), bounded by `maxMs`. */
  async quiet(quietMs: number, maxMs: number): Promise<void> {
    const deadline = Date.now() + maxMs;
    let seen = -1;
    while (Date.now() < deadline && !this.closeInfo && seen !== this.messages.length) {
      seen = this.messages.length;
      await Bun.sleep(quietMs);
    }
  }

  destroy(): void {
    this.socket.destroy();
    this.end(undefined, "destroyed by the test");
  }

  private take(chunk: Buffer): void {
    for (const f of this.parser.push(chunk)) {
      if (f.opcode === 0x1) this.messages.push(f.payload.toString("utf8"));
      else if (f.opcode === 0x8) {
        const code = f.payload.length >= 2 ? f.payload.readUInt16BE(0) : undefined;
        this.end(code, f.payload.subarray(2).toString("utf8"));
        this.socket.end();
      }
      // Pings (0x9) are not answered: the test keeps the idle timeout long instead.
    }
    for (const l of [...this.listeners]) l();
  }

  private end(code: number | undefined, reason: string): void {
    if (this.closeInfo) return;
    this.closeInfo = { code, reason };
    this.resolveClosed(this.closeInfo);
    for (const l of [...this.listeners]) l();
  }
}
