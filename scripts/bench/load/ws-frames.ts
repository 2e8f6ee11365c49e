/**
 * The minimal RFC 6455 client framing now lives with the stress tool's raw WebSocket client
 * (apps/simulator/src/stress/ws-frames.ts); the bench's load processes share it from there.
 */
export * from "../../../apps/simulator/src/stress/ws-frames.ts";
