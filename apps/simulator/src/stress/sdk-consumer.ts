/**
 * A stress client built on the SDK (`@tickerwire/client`): one logical client whose deliveries
 * are tracked across reconnects. Churn closes the SDK client and opens a new one that resumes
 * from the old one's cursor, as an app would after a page reload.
 */
import type { HubClient } from "@tickerwire/client";
import { connect } from "@tickerwire/client";
import type { TransportKind } from "@tickerwire/protocol";
import { EventSource } from "eventsource";
import type { ConsumerOptions, StressConsumer } from "./consumer.ts";
import { DeliveryTracker } from "./tracker.ts";

export class SdkConsumer implements StressConsumer {
  /** Created when the first connection says which seq the hub is at. */
  tracker: DeliveryTracker | null = null;
  reconnects = 0;
  private client: HubClient;
  private closed = false;

  constructor(private readonly o: ConsumerOptions) {
    this.client = this.open();
  }

  get transport(): TransportKind {
    return this.o.transport;
  }

  get patterns(): readonly string[] {
    return this.o.patterns;
  }

  /** Drops the connection and resumes from the last seq on a new one. */
  churn(): void {
    if (this.closed || !this.tracker) return;
    const { lastSeq, epoch } = this.client;
    this.client.close();
    this.reconnects++;
    this.client = this.open(epoch === null ? { seq: lastSeq } : { seq: lastSeq, epoch });
  }

  close(): void {
    this.closed = true;
    this.client.close();
  }

  private open(resume?: { seq: number; epoch?: string }): HubClient {
    const client = connect({
      url: this.o.url,
      topics: [...this.o.patterns],
      transports: [this.o.transport],
      ...(resume ? { resume } : {}),
      backoff: { minMs: 100, maxMs: 2_000 },
      reportIntervalMs: 0, // thousands of stress clients must not flood the hub with lag reports
      env: this.o.transport === "sse" ? { EventSource: EventSource as unknown as typeof globalThis.EventSource } : {},
    });
    client.on("connected", (m) => {
      this.tracker ??= new DeliveryTracker(m.current_seq);
    });
    client.on("event", (e) => {
      this.tracker?.record(e.seq);
      this.o.onEvent(e.seq, Date.now(), this.o.transport);
    });
    return client;
  }
}
