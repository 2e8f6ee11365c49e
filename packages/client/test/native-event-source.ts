/**
 * A stand-in for a browser's native EventSource in Bun: the `eventsource` package minus the
 * `fetch` override flag, so the SDK cannot see `: heartbeat` comments, exactly as in Chromium.
 */
import { EventSource } from "eventsource";

const SUPPORTS_FETCH = Symbol.for("eventsource.supports-fetch-override");

export class NativeLikeEventSource extends EventSource {
  static [SUPPORTS_FETCH] = false;
}

export const nativeEventSource = NativeLikeEventSource as unknown as typeof globalThis.EventSource;
