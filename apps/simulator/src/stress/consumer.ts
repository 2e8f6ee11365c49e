/** What the fleet needs from a stress client, whichever kind it is. */
import type { TransportKind } from "@tickerwire/protocol";
import type { DeliveryTracker } from "./tracker.ts";

export interface ConsumerOptions {
  url: string;
  transport: TransportKind;
  patterns: readonly string[];
  /** Called for every event delivered: seq, receive time (Date.now()). */
  onEvent(seq: number, at: number, transport: TransportKind): void;
}

export interface StressConsumer {
  readonly transport: TransportKind;
  readonly patterns: readonly string[];
  /** Created when the first connection says which seq the hub is at. */
  readonly tracker: DeliveryTracker | null;
  readonly reconnects: number;
  /** Drops the connection and resumes from the last seq on a new one. */
  churn(): void;
  close(): void;
}

/** "sdk": @tickerwire/client's connect(); "raw": raw-ws.ts / raw-sse.ts, seqs scanned from the bytes. */
export type ConsumerKind = "sdk" | "raw";
