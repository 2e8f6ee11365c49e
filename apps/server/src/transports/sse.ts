/**
 * `/sse` transport: adapts an `SseStream` to the hub's `Connection`, writes `retry:` first,
 * heartbeats every stream from one timer, and ends streams on shutdown. The route handler is
 * routes/sse-connect.ts (served in front of Hono by routes/stream-fast-path.ts, and by app.ts);
 * it calls `respond` after parsing the query and passing the gate.
 */
import type { StoredEvent } from "@tickerwire/bus";
import type { SubscriptionRequest } from "@tickerwire/protocol";
import { type ControlMessage, ProtocolError } from "@tickerwire/protocol";
import type { Connection, LiveDelivery } from "../hub/connection.ts";
import type { Hub } from "../hub/hub.ts";
import type { Session } from "../hub/session.ts";
import type { Logger } from "../logger.ts";
import { controlFrame, createEventFramer, retryFrame, SSE_HEARTBEAT, snapshotFrame } from "./sse-format.ts";
import { type SseCloseReason, SseStream } from "./sse-stream.ts";

export const SSE_HEADERS = {
  "Content-Type": "text/event-stream; charset=utf-8",
  // no-transform: proxies must not compress or rewrite the stream (that would buffer it).
  "Cache-Control": "no-cache, no-transform",
  // nginx: do not buffer this response even when proxy_buffering is on.
  "X-Accel-Buffering": "no",
  Connection: "keep-alive",
} as const;

const LAGGED_FRAME = controlFrame(
  new ProtocolError("lagged", "the client read too slowly; reconnect and resume from the last event id").toMessage(),
);

/**
 * One stream as the hub's `Connection`, and its own `LiveDelivery` (`deliver` on the prototype):
 * no closures per connection; the id is made only if something asks for it.
 */
class SseConnection implements Connection {
  readonly transport = "sse" as const;
  readonly kind = "direct" as const;
  private uuid: string | null = null;

  constructor(
    private readonly stream: SseStream,
    private readonly frame: (e: StoredEvent) => string,
    readonly bufferLimit: number,
  ) {}
  get id(): string {
    this.uuid ??= crypto.randomUUID();
    return this.uuid;
  }
  get live(): LiveDelivery {
    return this;
  }
  /** The event rides along so a stream that falls behind can conflate metrics and candles. */
  deliver(e: StoredEvent): void {
    this.stream.write(this.frame(e), e);
  }
  get isOpen(): boolean {
    return this.stream.isOpen;
  }
  isSlow(): boolean {
    return this.stream.isConflating;
  }
  sendEvents(events: readonly StoredEvent[]): void {
    let text = "";
    for (const e of events) text += this.frame(e);
    if (text) this.stream.write(text);
  }
  sendSnapshot(json: string, epoch: string, seq: number): void {
    this.stream.write(snapshotFrame(json, epoch, seq));
  }
  sendControl(message: ControlMessage): void {
    this.stream.write(controlFrame(message));
  }
  bufferedAmount(): number {
    return this.stream.bufferedAmount();
  }
  writable(): Promise<void> {
    return this.stream.writable();
  }
  close(): void {
    this.stream.end();
  }
}

export interface SseTransportOptions {
  hub: Hub;
  epoch: string;
  /** The hub's current seq, carried by each heartbeat. */
  currentSeq: () => number;
  now?: () => number;
  /** Hard limit: pending bytes past which the stream is told `lagged` and ended. */
  bufferLimit: number;
  /** Pending bytes past which conflatable events are conflated (default: never). */
  softLimit?: number;
  heartbeatMs: number;
  retryMs: number;
  logger: Logger;
}

export interface SseRequestContext {
  /** The request's abort signal (the client went away). */
  signal: AbortSignal;
  /**
   * Called when the stream is dropped as too slow: ending the body does not free a socket whose
   * peer stopped reading, so the server re-arms Bun's idle timeout for this request.
   */
  expire?: () => void;
  /** Called once when the stream ends, for any reason (frees its per-IP connection slot). */
  onClose?: () => void;
  /** Ends the stream gracefully, after sending `farewell`, when `signal` aborts (token expiry). */
  endWhen?: { signal: AbortSignal; farewell: ControlMessage };
}

export interface SseTransport {
  /** Opens a stream for a parsed subscription. */
  respond(request: SubscriptionRequest, ctx: SseRequestContext): Response;
  readonly size: number;
  /** Ends every stream and stops the heartbeat. */
  stop(): void;
}

export function createSseTransport(o: SseTransportOptions): SseTransport {
  const frame = createEventFramer(o.epoch);
  const streams = new Set<SseStream>();
  const now = o.now ?? Date.now;
  // One frame per tick for every stream: a `:` comment (cheap, seen by proxies and by EventSource
  // implementations that expose raw chunks) and a `heartbeat` event, which a browser's native
  // EventSource does deliver (it hides comments), so clients can tell a quiet stream from a dead one.
  const heartbeat = setInterval(() => {
    if (streams.size === 0) return;
    const beat =
      SSE_HEARTBEAT +
      controlFrame({ type: "heartbeat", server_time: new Date(now()).toISOString(), current_seq: o.currentSeq() });
    for (const s of streams) s.write(beat);
  }, o.heartbeatMs);

  // Shared by every stream (they only count).
  const onSlow = () => {
    o.hub.counters.slowLaneEntries.sse++;
  };
  const onConflate = (n: number) => {
    o.hub.counters.conflated.sse += n;
  };

  return {
    respond(request, { signal, expire, onClose, endWhen }) {
      let session: Session | null = null;
      const stream = new SseStream({
        bufferLimit: o.bufferLimit,
        ...(o.softLimit !== undefined ? { softLimit: o.softLimit } : {}),
        slowFarewell: LAGGED_FRAME,
        onSlow,
        onConflate,
        onClose(reason: SseCloseReason) {
          streams.delete(stream);
          onClose?.();
          if (reason === "slow") {
            o.logger.info("sse: dropped a slow stream", { session: session?.id });
            expire?.();
          }
          // "slow": the stream passed its hard limit and was sent the `lagged` farewell.
          if (session) o.hub.forget(session, { slow: reason === "slow", lagged: reason === "slow" });
        },
      });
      streams.add(stream);
      stream.write(retryFrame(o.retryMs));
      session = o.hub.open(new SseConnection(stream, frame, o.bufferLimit), request);
      endWhen?.signal.addEventListener(
        "abort",
        () => {
          stream.write(controlFrame(endWhen.farewell));
          stream.end();
        },
        { once: true },
      );
      if (signal.aborted) stream.abort();
      else signal.addEventListener("abort", () => stream.abort(), { once: true });
      return new Response(stream.body, { headers: SSE_HEADERS });
    },
    get size() {
      return streams.size;
    },
    stop() {
      clearInterval(heartbeat);
      for (const s of [...streams]) s.end();
    },
  };
}
