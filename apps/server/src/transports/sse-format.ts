/**
 * Server-Sent Events framing (https://html.spec.whatwg.org/multipage/server-sent-events.html).
 * Event and control JSON never contains a raw newline (JSON.stringify escapes it), so one `data:`
 * line per message is always enough. Pure.
 */
import type { StoredEvent } from "@tickerwire/bus";
import { type ControlMessage, formatResumeToken } from "@tickerwire/protocol";

export const SSE_HEARTBEAT = ": heartbeat\n\n";

export function retryFrame(ms: number): string {
  return `retry: ${ms}\n\n`;
}

/** An event: `id` is the resume token `<epoch>:<seq>` the browser sends back as Last-Event-ID. */
export function eventFrame(epoch: string, event: StoredEvent): string {
  return `id: ${formatResumeToken(epoch, event.seq)}\nevent: ${event.type}\ndata: ${event.json}\n\n`;
}

/**
 * The desk-state snapshot: `event: snapshot` with the resume id of the seq it includes, so a
 * browser's EventSource that reconnects after it sends `Last-Event-ID: <epoch>:<seq>`.
 */
export function snapshotFrame(json: string, epoch: string, seq: number): string {
  return `id: ${formatResumeToken(epoch, seq)}\nevent: snapshot\ndata: ${json}\n\n`;
}

/** A control message (connected, replayed, error...): no `id`, so it does not move the cursor. */
export function controlFrame(message: ControlMessage): string {
  return `event: ${message.type}\ndata: ${JSON.stringify(message)}\n\n`;
}

/**
 * `eventFrame` memoized per event object: the hub hands the same stored event to every SSE
 * stream, so each event is framed once, not once per stream.
 */
export function createEventFramer(epoch: string): (event: StoredEvent) => string {
  const cache = new WeakMap<StoredEvent, string>();
  return (event) => {
    let frame = cache.get(event);
    if (frame === undefined) {
      frame = eventFrame(epoch, event);
      cache.set(event, frame);
    }
    return frame;
  };
}
