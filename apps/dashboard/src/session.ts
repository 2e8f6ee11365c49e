/**
 * One dashboard session: the client's callbacks wired to the store — a `snapshot` replaces the
 * desk state, events are folded into it once per frame (the frame batcher) — plus the status
 * model, the view, notifications, the truncated-history banner and page visibility. Built once
 * per page (kept across hot reloads); components only read what it exposes.
 */
import { effect, type ReadonlySignal, type Signal, signal } from "@preact/signals";
import type { HubClient } from "@tickerwire/client";
import type { HubEvent } from "@tickerwire/protocol";
import type { PaintScheduler } from "./state/after-paint.ts";
import { collapseCriticalAlerts, criticalAlertText } from "./state/announce-policy.ts";
import { type Announcer, createAnnouncer } from "./state/announcer.ts";
import {
  type Clock,
  type ConnectionModel,
  createConnectionModel,
  statusWords,
  systemClock,
  transportWords,
} from "./state/connection.ts";
import { createFrameBatcher, type FrameScheduler } from "./state/frame-batcher.ts";
import { createNotifier, type Notifier, type NotifierEnv } from "./state/notifier.ts";
import { DEFAULT_PACE, nextRefreshMs, type RefreshPace } from "./state/refresh-pace.ts";
import { createStore, type DeskStore } from "./state/store.ts";
import { type Timers, throttled } from "./state/throttle.ts";
import { browserUrl, createViewModel, type UrlAccess, type ViewModel } from "./state/view-model.ts";
import type { ViewQuery } from "./state/view-query.ts";

/**
 * Everything on screen that moves with the stream (figures, tables, lists, charts, status
 * numbers) follows the store at most 4 times a second: at 1,000 events/s, re-rendering four
 * 50-item lists and redrawing two canvases every frame is what dropped frames (measured in
 * Chromium), and nobody reads 50 new items per frame anyway. Frames in between only apply
 * events to the store, with no DOM change, so no style, layout or paint. A lone event still
 * shows at once (leading edge); connection state changes show at once too.
 */
export const LIST_REFRESH_MS = 250;

/** Least time between two announcements of the connection status. */
export const STATUS_GAP_MS = 3000;

export interface SessionOptions {
  client: HubClient;
  view: ViewQuery;
  store?: DeskStore;
  schedule?: FrameScheduler;
  clock?: Clock;
  url?: UrlAccess;
  notifications?: NotifierEnv;
  /** Panel lists repaint at most this often (default 250 ms; 0 = every frame). */
  listRefreshMs?: number;
  /** When what is below the summary and positions catches up (default: after the next paint). */
  paint?: PaintScheduler;
  timers?: Timers;
  /** Least time between two screen-reader announcements of critical alerts (default 5 s). */
  announceGapMs?: number;
  /** Least time between two announcements of the connection status (default 3 s). */
  statusGapMs?: number;
  /** For page visibility; the global document by default (none in non-DOM tests). */
  document?: Pick<Document, "visibilityState" | "addEventListener" | "removeEventListener">;
}

export interface Session {
  readonly client: HubClient;
  readonly store: DeskStore;
  readonly connection: ConnectionModel;
  readonly view: ViewModel;
  readonly notifier: Notifier;
  /**
   * Screen-reader announcements, each rate-limited: fresh critical alerts (assertive) and
   * connection status changes (polite; a flapping link is read as its latest state).
   */
  readonly announcers: { readonly critical: Announcer; readonly status: Announcer };
  /**
   * Set when a resume could not replay everything (`replayed.truncated`): something was really
   * lost. A snapshot makes the figures exact again, so it clears it; so does the banner's button.
   */
  readonly truncated: Signal<boolean>;
  /** False while the tab is hidden: charts skip their work then. */
  readonly pageVisible: ReadonlySignal<boolean>;
  /** The last error the client reported, for the status bar's title. */
  readonly lastError: ReadonlySignal<string | null>;
  /** Applies pending events now (tests; before unload). */
  flush(): void;
  dispose(): void;
}

export function createSession(options: SessionOptions): Session {
  const { client } = options;
  const store = options.store ?? createStore();
  const clock = options.clock ?? systemClock;
  const connection = createConnectionModel(client, clock);
  const refreshMs = options.listRefreshMs ?? LIST_REFRESH_MS;
  const view = createViewModel(store, client, options.view.filter, {
    url: options.url ?? browserUrl,
    listRefreshMs: refreshMs,
    timers: options.timers,
    paint: options.paint,
  });
  const refreshStatus = throttled(() => connection.refresh(), refreshMs, options.timers);
  const notifier = createNotifier(
    options.notifications ?? {
      Notification: (globalThis as { Notification?: NotifierEnv["Notification"] }).Notification,
      storage: safeLocalStorage(),
    },
  );
  const critical = createAnnouncer({
    politeness: "assertive",
    minGapMs: options.announceGapMs,
    collapse: collapseCriticalAlerts,
    timers: options.timers,
  });
  const status = createAnnouncer({
    politeness: "polite",
    minGapMs: options.statusGapMs ?? STATUS_GAP_MS,
    collapse: (_count, latest) => latest,
    repeats: "skip",
    timers: options.timers,
  });
  // The state the page opens in is not news; every change after it is.
  let statusSeen = false;
  const stopStatus = effect(() => {
    const state = connection.state.value;
    const text = state === "open" ? `Connected via ${transportWords(connection.transport.value)}` : statusWords(state);
    if (statusSeen) status.announce(text);
    statusSeen = true;
  });
  const truncated = signal(false);
  const lastError = signal<string | null>(options.view.filterError ?? null);
  const doc = options.document ?? (typeof document === "undefined" ? undefined : document);
  const pageVisible = signal(doc ? doc.visibilityState !== "hidden" : true);
  const onVisibility = () => {
    pageVisible.value = doc?.visibilityState !== "hidden";
  };
  doc?.addEventListener("visibilitychange", onVisibility);

  // Hub time of the first connection: what is stamped earlier is the history that fills the page.
  let liveSince = Number.NEGATIVE_INFINITY;
  // Paced like the lists: the store changes (and the page renders) at most every refreshMs while
  // events stream — every 2 × refreshMs in a flood (refresh-pace.ts) — so everything on screen
  // moves in one render per refresh, not one per frame.
  let lastCount = 0;
  const pace: RefreshPace = { baseMs: refreshMs, floodMs: 2 * refreshMs, floodAt: DEFAULT_PACE.floodAt };
  const batcher = createFrameBatcher<HubEvent>({
    schedule: options.schedule,
    minIntervalMs: () => (refreshMs > 0 ? nextRefreshMs(lastCount, pace) : 0),
    // A catch-up arrives faster than any frame: with the default 5,000, replaying 100,000 events
    // applied and rendered 20 intermediate states (57 frames, measured); paced, it takes 3-5.
    // Hidden tabs still flush on the scheduler's timer, so the backlog stays a few seconds' worth.
    maxPending: 50_000,
    ...(options.timers ? { timers: options.timers } : {}),
    onFlush: (events) => {
      lastCount = events.length;
      store.apply(events);
      refreshStatus();
      notifier.consider(events);
      const now = clock.now();
      for (const e of events) {
        const text = criticalAlertText(e, now, liveSince);
        if (text) critical.announce(text);
      }
    },
  });
  let epoch: string | null = client.epoch;

  const offs = [
    client.on("event", (e) => batcher.push(e)),
    client.on("connected", (m) => {
      // A new epoch means the hub's history was replaced: what we show belongs to the old one.
      if (epoch !== null && m.epoch !== epoch) {
        batcher.clear();
        store.reset();
      }
      epoch = m.epoch;
      if (liveSince === Number.NEGATIVE_INFINITY) liveSince = Date.parse(m.server_time);
      lastError.value = null;
      connection.refresh();
    }),
    client.on("snapshot", (m) => {
      // Everything queued came before the snapshot, which already includes it.
      batcher.clear();
      try {
        store.replace(m);
      } catch (err) {
        // The SDK checked the schema; this is a state the fold cannot trust (a hub bug). Keep
        // what we hold and say so rather than show figures built on it.
        lastError.value = `The hub sent a desk state that could not be used: ${(err as Error).message}`;
        return;
      }
      truncated.value = false;
      connection.refresh();
    }),
    client.on("replayed", (m) => {
      batcher.flush();
      if (m.truncated) truncated.value = true;
    }),
    client.on("error", (err) => {
      // Debug-level errors (e.g. a lag report that could not be posted) are not the user's concern.
      if (err.level === "debug") return;
      lastError.value = err.message;
    }),
  ];

  return {
    client,
    store,
    connection,
    view,
    notifier,
    announcers: { critical, status },
    truncated,
    pageVisible,
    lastError,
    flush: () => batcher.flush(),
    dispose() {
      for (const off of offs) off();
      doc?.removeEventListener("visibilitychange", onVisibility);
      connection.dispose();
      batcher.flush();
      critical.dispose();
      stopStatus();
      status.dispose();
      client.close();
    },
  };
}

/** localStorage, or undefined where reading it throws (storage disabled, sandboxed frames). */
function safeLocalStorage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}
