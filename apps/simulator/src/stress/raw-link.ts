/** What a raw stress connection (raw-ws.ts, raw-sse.ts) reports to its consumer. */

export interface RawSink {
  /** An event with this seq arrived at `at` (Date.now() of the read it came in). */
  seq(seq: number, at: number): void;
  /** A message without a top-level seq (a control message): the consumer parses it. */
  control(text: string): void;
  /** The connection ended (refused, cut by the hub, or closed by us). Called once. */
  closed(): void;
}

export interface RawLink {
  close(): void;
}
