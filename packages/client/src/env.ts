/**
 * Fills the injectable environment from the runtime. Globals are read when used, not when the
 * client is created, so a test's msw (which swaps `globalThis.WebSocket`/`fetch`) or a polyfilled
 * `EventSource` installed later still applies. Bun and Node have no global EventSource: inject
 * the `eventsource` package's there; browsers have it natively.
 */
import type { BroadcastChannelConstructor, ClientEnv, LockManagerLike } from "./types.ts";

export function resolveEnv(given: Partial<ClientEnv> = {}): ClientEnv {
  const g = globalThis as typeof globalThis & {
    EventSource?: typeof EventSource;
    BroadcastChannel?: BroadcastChannelConstructor;
    navigator?: { locks?: LockManagerLike };
    ononline?: unknown;
  };
  return {
    get WebSocket() {
      return given.WebSocket ?? g.WebSocket;
    },
    get EventSource() {
      return given.EventSource ?? g.EventSource;
    },
    get fetch() {
      return given.fetch ?? (typeof g.fetch === "function" ? g.fetch.bind(g) : undefined);
    },
    get BroadcastChannel() {
      return given.BroadcastChannel ?? g.BroadcastChannel;
    },
    get locks() {
      return given.locks ?? g.navigator?.locks;
    },
    now: given.now ?? (() => Date.now()),
    random: given.random ?? Math.random,
    setTimeout: given.setTimeout ?? ((fn, ms) => setTimeout(fn, ms)),
    clearTimeout: given.clearTimeout ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>)),
    setInterval: given.setInterval ?? ((fn, ms) => setInterval(fn, ms)),
    clearInterval: given.clearInterval ?? ((h) => clearInterval(h as ReturnType<typeof setInterval>)),
    defer:
      given.defer ??
      ((fn, ms) => {
        const h = setTimeout(fn, ms);
        return () => clearTimeout(h);
      }),
    onOnline:
      given.onOnline ??
      ((listener) => {
        // Windows and workers have an `online` event; Bun and Node have neither the event nor `ononline`.
        if (!("ononline" in g) || typeof g.addEventListener !== "function") return () => {};
        g.addEventListener("online", listener);
        return () => g.removeEventListener("online", listener);
      }),
  };
}
