/**
 * What the client measures about its delivery: the smoothed `latencyMs` it shows, the hub's clock
 * offset, the newest hub seq it heard of (for lag), and the rolling latency sample lag reports
 * summarize. Fed by the client with each message and the local receive time.
 */
import type { ConnectedMessage, HeartbeatMessage, HubEvent, PongMessage } from "@tickerwire/protocol";
import { addOffsetSample, offsetEstimate } from "./clock-offset.ts";
import { deliveryLag, pingLatency, smooth } from "./latency.ts";
import type { LatencySummary } from "./report.ts";
import { lagEvents } from "./report.ts";
import { LatencySampler } from "./sampler.ts";
import type { TransportKind } from "./types.ts";

export class Telemetry {
  #latency: number | null = null;
  /** The transport the latency figure was measured on (WS and SSE measure different things). */
  #latencyKind: TransportKind | null = null;
  #offsets: number[] = [];
  #hubSeq = 0;
  readonly #sampler = new LatencySampler();

  get latencyMs(): number | null {
    return this.#latency === null ? null : Math.round(this.#latency * 10) / 10;
  }

  get clockOffset(): number | null {
    return offsetEstimate(this.#offsets);
  }

  /** A new connection: possibly another hub (failover), so its clock and seq start afresh. */
  connected(kind: TransportKind, m: ConnectedMessage, now: number): void {
    if (this.#latencyKind !== kind) {
      this.#latency = null;
      this.#latencyKind = kind;
    }
    this.#offsets = addOffsetSample([], m.server_time, now);
    this.#hubSeq = m.current_seq;
  }

  /** SSE keep-alive: the hub's clock and how far its history has got. */
  heartbeat(m: HeartbeatMessage, now: number): void {
    this.#offsets = addOffsetSample(this.#offsets, m.server_time, now);
    this.#hubSeq = Math.max(this.#hubSeq, m.current_seq);
  }

  pong(kind: TransportKind, m: PongMessage, now: number): void {
    if (m.t !== undefined && kind === "ws") this.#latency = smooth(this.#latency, pingLatency(m.t, now));
    this.#offsets = addOffsetSample(this.#offsets, m.server_time, now);
  }

  /** A delivered event. Replayed ones are old on purpose: they count for seq, not for latency. */
  event(kind: TransportKind, e: HubEvent, now: number, live: boolean): void {
    this.#hubSeq = Math.max(this.#hubSeq, e.seq);
    if (!live) return;
    const lag = deliveryLag(e.timestamp, now, this.clockOffset);
    if (lag === null) return;
    this.#sampler.add(lag);
    // SSE cannot ping, so its latency figure is the delivery lag (WS shows ping RTT/2).
    if (kind === "sse") this.#latency = smooth(this.#latency, lag);
  }

  lagEvents(lastSeq: number): number {
    return lagEvents(this.#hubSeq, lastSeq);
  }

  /** The latency samples since the last call, summarized (the sample starts over). */
  takeLatency(): LatencySummary {
    return this.#sampler.drain();
  }
}
