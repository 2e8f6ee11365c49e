/**
 * One dashboard session: the client's callbacks wired to the store — a `snapshot` replaces the
 * desk state, events are folded into it once per frame (the frame batcher) — plus the status
 * model, the view, notifications, the truncated-history banner and page visibility. Built once
 * per page (kept across hot reloads); components only read what it exposes.
 */
import { type ReadonlySignal, type Signal, signal } from "@preact/signals";
import type { HubClient } from "@tickerwire/client";
import type { HubEvent } from "@tickerwire/protocol";
import { type Clock, type ConnectionModel, createConnectionModel, systemClock } from "./state/connection.ts";
import { createFrameBatcher, type FrameScheduler } from "./state/frame-batcher.ts";
import { createNotifier, type Notifier, type NotifierEnv } from "./state/notifier.ts";
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
  timers?: Timers;
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
  const connection = createConnectionModel(client, options.clock ?? systemClock);
  const refreshMs = options.listRefreshMs ?? LIST_REFRESH_MS;
  const view = createViewModel(store, client, options.view.filter, {
    url: options.url ?? browserUrl,
    listRefreshMs: refreshMs,
    timers: options.timers,
  });
  const refreshStatus = throttled(() => connection.refresh(), refreshMs, options.timers);
  const notifier = createNotifier(
    options.notifications ?? {
      Notification: (globalThis as { Notification?: NotifierEnv["Notification"] }).Notification,
      storage: safeLocalStorage(),
    },
  );
  const truncated = signal(false);
  const lastError = signal<string | null>(options.view.filterError ?? null);
  const doc = options.document ?? (typeof document === "undefined" ? undefined : document);
  const pageVisible = signal(doc ? doc.visibilityState !== "hidden" : true);
  const onVisibility = () => {
    pageVisible.value = doc?.visibilityState !== "hidden";
  };
  doc?.addEventListener("visibilitychange", onVisibility);

  const batcher = createFrameBatcher<HubEvent>({
    schedule: options.schedule,
    onFlush: (events) => {
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
    truncated,
    pageVisible,
    lastError,
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
