/**
 * Installed in the dashboard page before its scripts run (`context.addInitScript(PAGE_PROBE)`):
 * wraps the page's WebSocket so every message handler call is timed and counted, without
 * changing what the app does. The app's handler runs the whole intake synchronously (decode →
 * SDK → frame batcher; `replayed` also flushes into the store), so the end of the handler of the
 * `replayed` message is when a catch-up has been taken in. Events are counted (an events frame,
 * `batch=1`, by its `"seq":` keys), and one message in 16 is timed by its last event against the
 * hub's `timestamp` (delivery lag, wall clock) — cheap next to what the app does with it.
 */

export interface ProbeStats {
  /** Messages handled, and the events they carried. */
  frames: number;
  events: number;
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
  const stats: ProbeStats = { frames: 0, events: 0, connectedAt: 0, replayedAt: 0, lag: [] };
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
        if (typeof d !== "string") return;
        if (d.startsWith('{"type":"events"')) {
          for (let at = d.indexOf('"seq":'); at >= 0; at = d.indexOf('"seq":', at + 6)) stats.events++;
        } else if (d.includes('"seq":')) stats.events++;
        if ((stats.frames & 15) === 0) {
          const at = d.lastIndexOf('"timestamp":"');
          if (at > 0) stats.lag.push([start, Date.now() - Date.parse(d.slice(at + 13, at + 37))]);
        }
      });
    },
  });
}
