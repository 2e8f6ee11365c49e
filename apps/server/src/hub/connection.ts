/**
 * The runtime-neutral seam between the hub and its transports. A WebSocket or an SSE stream is
 * adapted to `Connection`; the hub never sees Bun's or Hono's types.
 */
import type { StoredEvent } from "@tickerwire/bus";
import type { ControlMessage, TransportKind } from "@tickerwire/protocol";

/** How a connection receives live events. */
export type LiveDelivery =
  /**
   * Runtime pub/sub (Bun's WebSocket topics): the connection joins its group's topic and the hub
   * publishes each event once per group through the `Broadcaster`, whatever the group's size.
   */
  | { kind: "topic"; join(topic: string): void; leave(topic: string): void }
  /** The hub hands each matching event to the connection (SSE streams coalesce per tick). */
  | { kind: "direct"; deliver(event: StoredEvent): void };

export interface Connection {
  readonly id: string;
  readonly transport: TransportKind;
  readonly live: LiveDelivery;
  /** Sends events now (replay, catch-up), in order, in as few writes as the transport allows. */
  sendEvents(events: readonly StoredEvent[]): void;
  sendControl(message: ControlMessage): void;
  /**
   * Sends a serialized `snapshot` message (desk state at `seq`). SSE gives it the resume id
   * `<epoch>:<seq>`, so a reconnect after it resumes from there.
   */
  sendSnapshot(json: string, epoch: string, seq: number): void;
  /** Bytes held for this client and not yet written to the network. */
  bufferedAmount(): number;
  /** Past this many buffered bytes the transport closes the connection as too slow. */
  readonly bufferLimit: number;
  /** Resolves once bufferedAmount() is well below the limit again, or the connection closed. */
  writable(): Promise<void>;
  readonly isOpen: boolean;
  /**
   * The client takes several events per message (events frames, protocol frames.ts): live events
   * of one bus batch reach it as one frame, and `sendEvents` frames what it is given.
   */
  readonly batches?: boolean;
  /** True while the transport holds this client's events on its own slow path (SSE: conflating). */
  isSlow?(): boolean;
  /** Closes the connection (WebSocket close code and reason; SSE ends the stream). */
  close(code: number, reason: string): void;
}

/** Publishes to a runtime topic (Bun: `server.publish`). */
export interface Broadcaster {
  /** Sends `json` to every connection joined to `topic`; returns how many that was. */
  publish(topic: string, json: string): number;
}
