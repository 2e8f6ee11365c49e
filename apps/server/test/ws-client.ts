/**
 * A recording WebSocket test client on Bun's WebSocket: every message parsed (an events frame,
 * `batch=1`, unpacked into its events and counted), close captured.
 */
import type { ControlMessage, HubEvent } from "@tickerwire/protocol";
import { waitFor } from "./wait.ts";

type Message = HubEvent | ControlMessage;

export class TestWs {
  readonly messages: Message[] = [];
  /** WebSocket messages that were events frames (`{"type":"events"}`), and the events they held. */
  readonly frames: number[] = [];
  closed: { code: number; reason: string } | null = null;
  readonly ws: WebSocket;
  readonly opened: Promise<void>;

  constructor(url: string) {
    this.ws = new WebSocket(url);
    this.ws.onmessage = (e) => {
      const m = JSON.parse(String(e.data)) as Message | { type: "events"; events: HubEvent[] };
      if (m.type !== "events") this.messages.push(m);
      else {
        this.frames.push(m.events.length);
        this.messages.push(...m.events);
      }
    };
    this.ws.onclose = (e) => {
      this.closed = { code: e.code, reason: e.reason };
    };
    this.opened = new Promise((resolve, reject) => {
      this.ws.onopen = () => resolve();
      this.ws.onerror = () => reject(new Error(`WebSocket to ${url} failed`));
    });
  }

  static async connect(url: string): Promise<TestWs> {
    const c = new TestWs(url);
    await c.opened;
    await c.next("connected");
    return c;
  }

  send(msg: unknown): void {
    this.ws.send(typeof msg === "string" ? msg : JSON.stringify(msg));
  }
  events(): HubEvent[] {
    return this.messages.filter((m): m is HubEvent => "seq" in m);
  }
  seqs(): number[] {
    return this.events().map((e) => e.seq);
  }
  of<T extends ControlMessage["type"]>(type: T): Extract<ControlMessage, { type: T }>[] {
    return this.messages.filter((m): m is Extract<ControlMessage, { type: T }> => m.type === type);
  }
  /** Waits for the n-th (1-based) control message of a type. */
  next<T extends ControlMessage["type"]>(type: T, n = 1, timeoutMs = 3_000) {
    return waitFor(() => this.of(type)[n - 1], { timeoutMs, what: `${n} ${type} message(s)` });
  }
  waitEvents(count: number, timeoutMs = 3_000): Promise<HubEvent[]> {
    return waitFor(() => (this.events().length >= count ? this.events() : undefined), {
      timeoutMs,
      what: `${count} events (have ${this.events().length})`,
    });
  }
  waitClosed(timeoutMs = 3_000) {
    return waitFor(() => this.closed, { timeoutMs, what: "close" });
  }
  close(): void {
    if (this.ws.readyState <= 1) this.ws.close();
  }
}
