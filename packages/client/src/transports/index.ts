/** The transports: a neutral interface and one adapter per wire. */
export { openEventSource } from "./sse.ts";
export type { Transport, TransportCallbacks, TransportClose, TransportFactory, TransportOpenOptions } from "./types.ts";
export { openWebSocket } from "./ws.ts";
