/**
 * Test doubles for the hub's seams: a connection that records what it was sent, and a broadcaster
 * standing in for Bun's topic publish. Used by hub unit tests only.
 */
import type { StoredEvent } from "@tickerwire/bus";
import type { ControlMessage, HubEvent, TransportKind } from "@tickerwire/protocol";
import type { Broadcaster, Connection, LiveDelivery } from "../src/hub/connection.ts";

export type Received = HubEvent | ControlMessage;

export class FakeBroadcaster implements Broadcaster {
  readonly topics = new Map<string, Set<FakeConnection>>();
  publishes = 0;
  publish(topic: string, json: string): number {
    this.publishes++;
    const members = this.topics.get(topic) ?? new Set();
    for (const c of members) c.receive(json);
    return members.size;
  }
}

let nextId = 1;

export class FakeConnection implements Connection {
  readonly id = `fake-${nextId++}`;
  readonly received: Received[] = [];
  readonly live: LiveDelivery;
  isOpen = true;
  closedWith: { code: number; reason: string } | null = null;
  /** Pretend bytes are stuck in the transport (a slow client). */
  stuckBytes = 0;
  bufferLimit = 1 << 20;
  /** Model a client that does not read: every message sent adds its size to `stuckBytes`. */
  holdsWhatItIsSent = false;
  private waiters: (() => void)[] = [];

  /** Events frames received (a connection that `batches`), and the events each held. */
  readonly frames: number[] = [];

  constructor(
    readonly transport: TransportKind = "ws",
    broadcaster?: FakeBroadcaster,
    readonly batches = false,
  ) {
    this.live = broadcaster
      ? {
          kind: "topic",
          join: (topic) => {
            const set = broadcaster.topics.get(topic) ?? new Set();
            set.add(this);
            broadcaster.topics.set(topic, set);
          },
          leave: (topic) => {
            broadcaster.topics.get(topic)?.delete(this);
          },
        }
      : { kind: "direct", deliver: (e) => this.receive(e.json) };
  }

  receive(json: string): void {
    if (!this.isOpen) return;
    const m = JSON.parse(json) as Received | { type: "events"; events: HubEvent[] };
    if (m.type === "events") {
      this.frames.push(m.events.length);
      this.received.push(...m.events);
    } else this.received.push(m);
    if (this.holdsWhatItIsSent) this.stuckBytes += json.length;
  }
  sendEvents(events: readonly StoredEvent[]): void {
    for (const e of events) this.receive(e.json);
  }
  sendControl(message: ControlMessage): void {
    if (this.isOpen) this.received.push(structuredClone(message));
  }
  sendSnapshot(json: string): void {
    this.receive(json);
  }
  bufferedAmount(): number {
    return this.stuckBytes;
  }
  writable(): Promise<void> {
    if (this.stuckBytes === 0 || !this.isOpen) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }
  /** The client read everything. */
  drain(): void {
    this.stuckBytes = 0;
    for (const w of this.waiters.splice(0)) w();
  }
  close(code: number, reason: string): void {
    this.isOpen = false;
    this.closedWith = { code, reason };
    for (const w of this.waiters.splice(0)) w();
  }

  events(): HubEvent[] {
    return this.received.filter((m): m is HubEvent => "seq" in m);
  }
  control<T extends ControlMessage["type"]>(type: T): Extract<ControlMessage, { type: T }>[] {
    return this.received.filter((m): m is Extract<ControlMessage, { type: T }> => m.type === type);
  }
  seqs(): number[] {
    return this.events().map((e) => e.seq);
  }
}
