/**
 * Liveness. A watchdog declares the connection dead after `timeoutMs` without traffic; a pinger
 * sends app-level pings on WebSocket (browsers cannot see the hub's protocol-level pings, and
 * the pongs double as traffic and latency samples). The watchdog does not re-arm a timer per
 * message (1,000s per second): `touch()` only records the time, the timer checks it when it fires.
 */

export interface HeartbeatTimers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface Watchdog {
  touch(): void;
  stop(): void;
}

export function createWatchdog(timeoutMs: number, timers: HeartbeatTimers, onDead: () => void): Watchdog {
  let last = timers.now();
  let stopped = false;
  let handle: unknown = null;
  const check = () => {
    handle = null;
    if (stopped) return;
    const idle = timers.now() - last;
    if (idle >= timeoutMs) {
      stopped = true;
      onDead();
    } else {
      handle = timers.setTimeout(check, timeoutMs - idle);
    }
  };
  handle = timers.setTimeout(check, timeoutMs);
  return {
    touch() {
      last = timers.now();
    },
    stop() {
      stopped = true;
      if (handle !== null) timers.clearTimeout(handle);
      handle = null;
    },
  };
}

/** Calls `ping(now)` at once and then every `intervalMs`; returns the stop function. */
export function startPinger(intervalMs: number, timers: HeartbeatTimers, ping: (now: number) => void): () => void {
  ping(timers.now());
  const handle = timers.setInterval(() => ping(timers.now()), intervalMs);
  return () => timers.clearInterval(handle);
}
