/** Server-Sent Events streams: buffer limit, conflation, heartbeat, retry. */
import { bytes, int, spec } from "./spec.ts";

export const SSE_VARS = {
  SSE_BUFFER_LIMIT: spec({
    key: "bufferLimit",
    describe:
      "hard limit: bytes pending for one SSE stream (after conflation) past which it gets `event: error` (lagged) and is ended (the client resumes)",
    default: "4MiB",
    schema: bytes(1024, 1 << 30),
  }),
  SSE_SLOW_SOFT_LIMIT: spec({
    key: "slowSoftLimit",
    describe: "bytes pending for one SSE stream past which its pending metrics and candles are conflated",
    default: "1MiB",
    schema: bytes(256, 1 << 30),
  }),
  SSE_HEARTBEAT_MS: spec({
    key: "heartbeatMs",
    describe: "interval of the `: heartbeat` comment on SSE streams (at most 15000)",
    default: "10000",
    schema: int(50, 15_000),
  }),
  SSE_RETRY_MS: spec({
    key: "retryMs",
    describe: "the `retry:` reconnect delay sent to EventSource clients",
    default: "2000",
    schema: int(0, 600_000),
  }),
} as const;
