/**
 * A deliberately slow client on a raw TCP socket: it reads at most `bytesPerSecond` and keeps the
 * socket paused otherwise, so the kernel buffers fill and the hub sees real backpressure (a
 * browser tab stuck on the main thread, a phone on a bad link). The hub should cut it off (and
 * it reconnects) without slowing anyone else down. It only counts the events it sees.
 */
import net from "node:net";
import type { TransportKind } from "@tickerwire/protocol";

export interface SlowConsumerOptions {
  url: string;
  transport: TransportKind;
  patterns: readonly string[];
  /** Read budget per second (default 16 KiB). */
  bytesPerSecond?: number;
}

const SEQ_MARK = '"seq":';

export class SlowConsumer {
  deliveries = 0;
  disconnects = 0;
  private socket: net.Socket | null = null;
  private timers: ReturnType<typeof setTimeout>[] = [];
  private reader: ReturnType<typeof setInterval>;
  private closed = false;
  private tail = "";
  private budget: number;

  constructor(private readonly o: SlowConsumerOptions) {
    const perSecond = o.bytesPerSecond ?? 16 * 1024;
    this.budget = perSecond;
    this.open();
    this.reader = setInterval(() => {
      this.budget = perSecond;
      this.socket?.resume();
    }, 1_000);
  }

  get transport(): TransportKind {
    return this.o.transport;
  }

  close(): void {
    this.closed = true;
    clearInterval(this.reader);
    for (const t of this.timers) clearTimeout(t);
    this.socket?.destroy();
  }

  private open(): void {
    const u = new URL(this.o.url);
    const path = `/${this.o.transport}?topics=${encodeURIComponent(this.o.patterns.join(","))}`;
    const headers =
      this.o.transport === "ws"
        ? // A fixed key is fine: the accept hash is not checked here; no permessage-deflate, so
          // frames carry plain JSON we can count.
          "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        : "Accept: text/event-stream\r\n";
    const socket = net.connect(Number(u.port || 80), u.hostname);
    this.socket = socket;
    socket.on("connect", () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: ${u.host}\r\n${headers}\r\n`);
    });
    socket.on("data", (chunk: Buffer) => {
      this.count(chunk.toString("latin1"));
      this.budget -= chunk.length;
      if (this.budget <= 0) socket.pause();
    });
    socket.on("error", () => {});
    socket.on("close", () => {
      if (this.closed) return;
      this.disconnects++;
      this.later(() => this.open(), 500);
    });
  }

  /** Counts `"seq":` marks, carrying a few characters over so a mark split across chunks counts once. */
  private count(text: string): void {
    const s = this.tail + text;
    let i = s.indexOf(SEQ_MARK);
    while (i >= 0) {
      this.deliveries++;
      i = s.indexOf(SEQ_MARK, i + SEQ_MARK.length);
    }
    this.tail = s.slice(-(SEQ_MARK.length - 1));
  }

  private later(fn: () => void, ms: number): void {
    const t = setTimeout(() => {
      this.timers = this.timers.filter((x) => x !== t);
      if (!this.closed) fn();
    }, ms);
    this.timers.push(t);
  }
}
