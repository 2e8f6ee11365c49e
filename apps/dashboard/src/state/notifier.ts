/**
 * Optional browser notifications. Permission is asked only from a button click; the on/off
 * choice and the confidence threshold persist in localStorage. At most one notification per
 * `minGapMs`, so a burst of qualifying events rings once.
 */
import { computed, type ReadonlySignal, signal } from "@preact/signals";
import type { HubEvent } from "@tickerwire/protocol";
import { isFresh, notificationFor } from "./notify-policy.ts";

type Permission = "default" | "denied" | "granted";

/** The parts of the Notification API used here (the browser's global fits). */
export interface NotificationApi {
  readonly permission: Permission;
  requestPermission(): Promise<Permission>;
  new (title: string, options?: { body?: string; tag?: string }): unknown;
}

export interface NotifierEnv {
  Notification?: NotificationApi | undefined;
  storage?: Pick<Storage, "getItem" | "setItem"> | undefined;
  now?: () => number;
}

export const THRESHOLD_KEY = "tickerwire.notify.threshold";
export const ENABLED_KEY = "tickerwire.notify.enabled";
export const DEFAULT_THRESHOLD = 0.9;

export interface Notifier {
  /** "unsupported" when the browser has no Notification API. */
  readonly permission: ReadonlySignal<Permission | "unsupported">;
  readonly wanted: ReadonlySignal<boolean>;
  readonly active: ReadonlySignal<boolean>;
  readonly threshold: ReadonlySignal<number>;
  setThreshold(value: number): void;
  /** Turn on (asking for permission if needed; call from a click) or off. */
  setWanted(on: boolean): Promise<void>;
  /** Looks at a batch of events and shows what deserves it. */
  consider(events: readonly HubEvent[]): void;
}

export function createNotifier(env: NotifierEnv = {}, minGapMs = 3000): Notifier {
  const api = env.Notification;
  const now = env.now ?? Date.now;
  const storage = env.storage;
  const stored = Number(storage?.getItem(THRESHOLD_KEY) ?? Number.NaN);
  const threshold = signal(Number.isFinite(stored) && stored >= 0 && stored <= 1 ? stored : DEFAULT_THRESHOLD);
  const permission = signal<Permission | "unsupported">(api ? api.permission : "unsupported");
  const wanted = signal(storage?.getItem(ENABLED_KEY) === "1");
  const active = computed(() => wanted.value && permission.value === "granted");
  let lastShown = Number.NEGATIVE_INFINITY;

  return {
    permission,
    wanted,
    active,
    threshold,
    setThreshold(value) {
      const v = Math.min(1, Math.max(0, value));
      threshold.value = v;
      storage?.setItem(THRESHOLD_KEY, String(v));
    },
    async setWanted(on) {
      wanted.value = on;
      storage?.setItem(ENABLED_KEY, on ? "1" : "0");
      if (on && api && api.permission === "default") permission.value = await api.requestPermission();
      else if (api) permission.value = api.permission;
    },
    consider(events) {
      if (!active.peek() || !api) return;
      const t = now();
      if (t - lastShown < minGapMs) return;
      for (let i = events.length - 1; i >= 0; i--) {
        const e = events[i] as HubEvent;
        const text = isFresh(e, t) ? notificationFor(e, threshold.peek()) : null;
        if (!text) continue;
        new api(text.title, { body: text.body, tag: text.tag });
        lastShown = t;
        return;
      }
    },
  };
}
