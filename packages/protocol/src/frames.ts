/**
 * Events frames: several events in one WebSocket message, `{"type":"events","events":[…]}`, each
 * element exactly the event object a single message would carry. Only for clients that ask with
 * `batch=1` on `/ws` (the SDK does): a browser pays a fixed cost per WebSocket message (about as
 * much as decoding and validating the event inside it, measured in Chromium), so a catch-up of
 * 100,000 one-event messages is bound by the messages, not the events. The hub sends a frame per
 * replay chunk and per bus batch; order, seq and exactly-once are those of the events inside.
 */
import { z } from "zod";
import { type Decoded, ProtocolError, parseJson, validateServerMessage } from "./decode.ts";
import { HubEvent } from "./events.ts";
import type { ServerMessage } from "./server-messages.ts";
import { EVENT_TYPES } from "./topics.ts";

/** The `/ws` query parameter a client sends (`batch=1`) to receive events frames. */
export const BATCH_PARAM = "batch";

/** The type of an events frame. */
export const EVENTS_FRAME = "events";

/** An events frame's shape (for the API documents; the SDK decodes each event on its own). */
export const EventsFrameSchema = z.object({ type: z.literal("events"), events: z.array(HubEvent).min(1) });

/** An events frame as decoded: the events, in order. */
export interface EventsFrame {
  type: typeof EVENTS_FRAME;
  events: HubEvent[];
}

/** The frame for events already serialized (each `encodeEvent` output), in order. */
export function encodeEventsFrame(eventJsons: readonly string[]): string {
  return `{"type":"${EVENTS_FRAME}","events":[${eventJsons.join(",")}]}`;
}

const EVENT_TYPE_SET: ReadonlySet<string> = new Set(EVENT_TYPES);

/**
 * Decodes one WebSocket message that may be an events frame: the messages it carries, each
 * validated on its own (one invalid event is one error; the others still decode). Never throws.
 */
export function decodeServerFrame(raw: unknown): Decoded<ServerMessage>[] {
  const json = parseJson(raw);
  if (!json.ok) return [json];
  const v = json.value as { type?: unknown; events?: unknown } | null;
  if (v === null || typeof v !== "object" || v.type !== EVENTS_FRAME) return [validateServerMessage(json.value)];
  if (!Array.isArray(v.events) || v.events.length === 0 || Object.keys(v).length !== 2) {
    return [
      {
        ok: false,
        error: new ProtocolError("invalid_message", "invalid events frame: `events` must be a non-empty array, alone"),
      },
    ];
  }
  return v.events.map((e): Decoded<ServerMessage> => {
    const type = (e as { type?: unknown } | null)?.type;
    if (typeof type !== "string" || !EVENT_TYPE_SET.has(type)) {
      return {
        ok: false,
        error: new ProtocolError("invalid_message", "invalid events frame: an element is not an event"),
      };
    }
    return validateServerMessage(e);
  });
}
