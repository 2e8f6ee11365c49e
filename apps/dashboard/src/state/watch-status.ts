/**
 * The operators' watch as the dashboard shows it: engines (up / stale), rules and webhook
 * endpoints, polled from the hub's `GET /api/v1/health` (its `watch` part) every few seconds and
 * checked with the protocol's schema. `fetch` and the clock are injected (tests).
 */
import { type ReadonlySignal, signal } from "@preact/signals";
import { WatchStatus } from "@tickerwire/protocol";
import { type Clock, systemClock } from "./connection.ts";

export interface WatchModel {
  /** The last good answer (null before the first, or when the hub has no watch). */
  readonly status: ReadonlySignal<WatchStatus | null>;
  /** Why the last poll failed (null when it worked). */
  readonly error: ReadonlySignal<string | null>;
  refresh(): Promise<void>;
  dispose(): void;
}

export interface WatchModelOptions {
  /** The hub's origin, e.g. `location.origin`. */
  url: string;
  fetch?: typeof fetch;
  clock?: Clock;
  everyMs?: number;
}

export function createWatchModel(o: WatchModelOptions): WatchModel {
  const fetchFn = o.fetch ?? ((input, init) => fetch(input, init));
  const clock = o.clock ?? systemClock;
  const status = signal<WatchStatus | null>(null);
  const error = signal<string | null>(null);
  let inFlight = false;

  async function refresh(): Promise<void> {
    if (inFlight) return;
    inFlight = true;
    try {
      const res = await fetchFn(new URL("/api/v1/health", o.url), { cache: "no-store" });
      const body = (await res.json()) as { watch?: unknown };
      const parsed = WatchStatus.safeParse(body.watch);
      status.value = parsed.success ? parsed.data : null;
      error.value = parsed.success || body.watch === undefined ? null : "the hub's watch status is not understood";
    } catch (e) {
      error.value = `cannot reach the hub's health (${e instanceof Error ? e.message : String(e)})`;
    } finally {
      inFlight = false;
    }
  }

  void refresh();
  const timer = clock.setInterval(() => void refresh(), o.everyMs ?? 5_000);
  return { status, error, refresh, dispose: () => clock.clearInterval(timer) };
}
