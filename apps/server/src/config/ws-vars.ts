/** WebSocket connections: frame size, idle timeout, buffer guard, the slow lane. */
import { bytes, int, spec } from "./spec.ts";

export const WS_VARS = {
  MAX_FRAME_BYTES: spec({
    key: "maxFrameBytes",
    describe: "largest WebSocket frame a client may send; a bigger one closes that socket",
    default: "64KiB",
    schema: bytes(128, 16 << 20),
  }),
  WS_IDLE_TIMEOUT: spec({
    key: "idleTimeoutS",
    describe:
      "seconds without traffic before a WebSocket is closed; the server pings every half (0 = never; 1-7 act as 8)",
    default: "60",
    schema: int(0, 960),
  }),
  WS_BUFFER_LIMIT: spec({
    key: "bufferLimit",
    describe:
      "last-resort guard: bytes in one WebSocket's own buffer past which Bun closes it (must exceed WS_SLOW_SOFT_LIMIT + WS_SLOW_HARD_LIMIT; the client resumes)",
    default: "8MiB",
    schema: bytes(1024, 1 << 30),
  }),
  WS_SLOW_SOFT_LIMIT: spec({
    key: "slowSoftLimit",
    describe:
      "bytes in a WebSocket's buffer past which it leaves the fast path: its metrics and candles are conflated (latest value wins) until it catches up",
    default: "1MiB",
    schema: bytes(256, 1 << 30),
  }),
  WS_SLOW_HARD_LIMIT: spec({
    key: "slowHardLimit",
    describe:
      "bytes of trades, alerts and signals queued for a slow WebSocket past which it is told `lagged` and closed with 4009 (it resumes from history)",
    default: "4MiB",
    schema: bytes(256, 1 << 30),
  }),
  WS_SLOW_HARD_EVENTS: spec({
    key: "slowHardEvents",
    describe: "the same hard limit counted in events (whichever is passed first)",
    default: "10000",
    schema: int(1, 10_000_000),
  }),
  SLOW_SWEEP_MS: spec({
    key: "slowSweepMs",
    describe: "how often every WebSocket's buffer is checked against WS_SLOW_SOFT_LIMIT",
    default: "50",
    schema: int(5, 10_000),
  }),
} as const;
