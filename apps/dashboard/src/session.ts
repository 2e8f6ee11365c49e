/**
 * One dashboard session: the client's callbacks wired to the store (through the frame batcher),
 * the status model, the view, notifications, the truncated-history banner and page visibility.
 * Built once per page (kept across hot reloads); components only read what it exposes.
 */
import { type ReadonlySignal, type Signal, signal } from "@preact/signals";
import type { HubClient } from "@tickerwire/client";
import type { HubEvent } from "@tickerwire/protocol";
import { type Clock, type ConnectionModel, createConnectionModel, systemClock } from "./state/connection.ts";
import { createFrameBatcher, type FrameScheduler } from "./state/frame-batcher.ts";
import { createNotifier, type Notifier, type NotifierEnv } from "./state/notifier.ts";
import { DEFAULT_PACE, nextRefreshMs, type RefreshPace } from "./state/refresh-pace.ts";
import { createStore, type DashboardStore } from "./state/store.ts";
import type { Summary } from "./state/summary.ts";
import { type Timers, throttled, throttleSignal } from "./state/throttle.ts";
import { browserUrl, createViewModel, type UrlAccess, type ViewModel } from "./state/view-model.ts";
import type { ViewQuery } from "./state/view-query.ts";

/**
 * Everything on screen that moves with the stream (panel lists, charts, summary cards, status
 * numbers) follows the store at most 4 times a second: at 1,000 events/s, re-rendering four
 * 50-item lists and redrawing two canvases every frame is what dropped frames (measured in
 * Chromium), and nobody reads 50 new items per frame anyway. Frames in between only apply
 * events to the store, with no DOM change, so no style, layout or paint. A lone event still
 * shows at once (leading edge); connection state changes show at once too.
 */
export const LIST_REFRESH_MS = 250;

export interface SessionOptions {
  client: HubClient;
  view: ViewQuery;
  store?: DashboardStore;
  schedule?: FrameScheduler;
  clock?: Clock;
  url?: UrlAccess;
  notifications?: NotifierEnv;
  /** Panel lists repaint at most this often (default 250 ms; 0 = every frame). */
  listRefreshMs?: number;
  timers?: Timers;
  /** For page visibility; the global document by default (none in non-DOM tests). */
  document?: Pick<Document, "visibilityState" | "addEventListener" | "removeEventListener">;
}

export interface Session {
  readonly client: HubClient;
  readonly store: DashboardStore;
  readonly connection: ConnectionModel;
  readonly view: ViewModel;
  readonly notifier: Notifier;
  /** Set when a resume could not replay everything (`replayed.truncated`); the banner clears it. */
  readonly truncated: Signal<boolean>;
  /** False while the tab is hidden: charts skip their work then. */
  readonly pageVisible: ReadonlySignal<boolean>;
  /** The last error the client reported, for the status bar's title. */
  readonly lastError: ReadonlySignal<string | null>;
  /** The summary cards' figures, refreshed at most every LIST_REFRESH_MS. */
  readonly summary: ReadonlySignal<Summary>;
  /** Chart inputs: the store's series, refreshed at most every LIST_REFRESH_MS (canvas redraws are costly). */
  readonly charts: {
    readonly pnlSeries: DashboardStore["pnlSeries"];
    readonly candles: DashboardStore["candles"];
  };
  /** The candle series (`symbol.interval`) picked for the chart; null = the first one seen. */
  readonly candleKey: Signal<string | null>;
  /** Applies pending events now (tests; before unload). */
  flush(): void;
  dispose(): void;
}

export function createSession(options: SessionOptions): Session {
  const { client } = options;
  const store = options.store ?? createStore();
  const connection = createConnectionModel(client, options.clock ?? systemClock);
  const refreshMs = options.listRefreshMs ?? LIST_REFRESH_MS;
  const view = createViewModel(store, client, options.view.filter, {
    url: options.url ?? browserUrl,
    listRefreshMs: refreshMs,
    timers: options.timers,
  });
  const summary = throttleSignal(store.summary, refreshMs, options.timers);
  const refreshStatus = throttled(() => connection.refresh(), refreshMs, options.timers);
  const charts = {
    pnlSeries: throttleSignal(store.pnlSeries, refreshMs, options.timers),
    candles: throttleSignal(store.candles, refreshMs, options.timers),
  };
  const notifier = createNotifier(
    options.notifications ?? {
      Notification: (globalThis as { Notification?: NotifierEnv["Notification"] }).Notification,
      storage: safeLocalStorage(),
    },
  );
  const truncated = signal(false);
  const lastError = signal<string | null>(options.view.filterError ?? null);
  const candleKey = signal<string | null>(null);
  const doc = options.document ?? (typeof document === "undefined" ? undefined : document);
  const pageVisible = signal(doc ? doc.visibilityState !== "hidden" : true);
  const onVisibility = () => {
    pageVisible.value = doc?.visibilityState !== "hidden";
  };
  doc?.addEventListener("visibilitychange", onVisibility);

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
      lastError.value = null;
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
    truncated,
    pageVisible,
    lastError,
    summary,
    charts,
    candleKey,
    flush: () => batcher.flush(),
    dispose() {
      for (const off of offs) off();
      doc?.removeEventListener("visibilitychange", onVisibility);
      connection.dispose();
      batcher.flush();
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
