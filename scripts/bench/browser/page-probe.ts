/**
 * Installed in the dashboard page before its scripts run (`context.addInitScript(PAGE_PROBE)`):
 * wraps the page's WebSocket so every message handler call is timed and counted, without
 * changing what the app does. The app's handler runs the whole intake synchronously (decode →
 * SDK → frame batcher; `replayed` also flushes into the store), so the end of the handler of the
 * `replayed` message is when a catch-up has been taken in. One message in 64 is also timed
 * against the hub's `timestamp` (delivery lag, wall clock) — cheap enough not to matter.
 */

export interface ProbeStats {
  /** Messages handled. */
  frames: number;
  /** performance.now() when the `connected` handler started, and when `replayed`'s returned. */
  connectedAt: number;
  replayedAt: number;
  /** [performance.now(), lag ms] of sampled events. */
  lag: [number, number][];
}

declare global {
  interface Window {
    __twBench?: ProbeStats;
  }
}

/** Runs in the page (serialized by playwright): no closure over this module. */
export function PAGE_PROBE(): void {
  const stats: ProbeStats = { frames: 0, connectedAt: 0, replayedAt: 0, lag: [] };
  window.__twBench = stats;
  const Native = window.WebSocket;
  const onmessage = Object.getOwnPropertyDescriptor(Native.prototype, "onmessage");
  if (!onmessage?.set || !onmessage.get) return;
  const setNative = onmessage.set;
  Object.defineProperty(Native.prototype, "onmessage", {
    configurable: true,
    get: onmessage.get,
    set(this: WebSocket, fn: ((e: MessageEvent) => void) | null) {
      if (typeof fn !== "function") return setNative.call(this, fn);
      setNative.call(this, (e: MessageEvent) => {
        const start = performance.now();
        const d = e.data;
        const control = typeof d === "string" && d.length < 400 && d.startsWith('{"type":"');
        if (control && d.startsWith('{"type":"connected"')) stats.connectedAt = start;
        fn.call(this, e);
        stats.frames++;
        if (control && d.startsWith('{"type":"replayed"')) stats.replayedAt = performance.now();
        if ((stats.frames & 63) === 0 && typeof d === "string") {
          const at = d.indexOf('"timestamp":"');
          if (at > 0) stats.lag.push([start, Date.now() - Date.parse(d.slice(at + 13, at + 37))]);
        }
      });
    },
  });
}
