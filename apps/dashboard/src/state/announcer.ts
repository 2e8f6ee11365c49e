/**
 * A screen-reader announcer that cannot flood: one live-region channel (polite or assertive)
 * that speaks at most one message per `minGapMs`. What arrives during the gap is not queued: it
 * collapses into one trailing message when the gap ends ("4 critical alerts; latest: …"), so
 * 1,000 qualifying events a second cost one counter increment each and produce one announcement
 * every few seconds. Memory is constant (a count and the latest text).
 *
 * The message is a signal that components/a11y/LiveRegion.tsx renders into a live region that
 * exists from page load (a region created together with its text is not announced). The same
 * text twice in a row gets a no-break space appended, so the region's text still changes and is
 * announced again — or, with `repeats: "skip"` (a state such as the connection's, where only a
 * change is news), is not spoken at all.
 */
import { type ReadonlySignal, signal } from "@preact/signals";
import { realTimers, type Timers } from "./throttle.ts";

export type Politeness = "polite" | "assertive";

export interface AnnouncerOptions {
  politeness: Politeness;
  /** Least time between two announcements (default 5 s). */
  minGapMs?: number;
  /** The one message that stands for `count` (≥ 2) messages that arrived during a gap. */
  collapse?: (count: number, latest: string) => string;
  /** What the same text as the one last spoken does: "announce" it again (default) or "skip" it. */
  repeats?: "announce" | "skip";
  timers?: Timers;
}

export interface Announcer {
  readonly politeness: Politeness;
  /** What the live region holds now. */
  readonly message: ReadonlySignal<string>;
  /** Speaks `text` now, or folds it into the message that ends the current gap. */
  announce(text: string): void;
  /** Stops a pending trailing announcement. */
  dispose(): void;
}

export const DEFAULT_GAP_MS = 5000;

const defaultCollapse = (count: number, latest: string) => `${count} new messages; latest: ${latest}`;

export function createAnnouncer(options: AnnouncerOptions): Announcer {
  const gap = options.minGapMs ?? DEFAULT_GAP_MS;
  const collapse = options.collapse ?? defaultCollapse;
  const timers = options.timers ?? realTimers;
  const message = signal("");
  let lastSpokenAt = Number.NEGATIVE_INFINITY;
  // Invariant: pending > 0 exactly while a trailing announcement is scheduled.
  let pending = 0;
  let latest = "";
  let disposed = false;

  const skipRepeats = options.repeats === "skip";
  let lastSpoken = "";
  const speak = (text: string) => {
    if (skipRepeats && text === lastSpoken) return;
    lastSpokenAt = timers.now();
    lastSpoken = text;
    message.value = text === message.peek() ? `${text}\u00a0` : text;
  };
  const flush = () => {
    if (disposed || pending === 0) return;
    const text = pending === 1 ? latest : collapse(pending, latest);
    pending = 0;
    speak(text);
  };

  return {
    politeness: options.politeness,
    message,
    announce(text) {
      if (disposed) return;
      const wait = lastSpokenAt + gap - timers.now();
      if (pending === 0 && wait <= 0) {
        speak(text);
        return;
      }
      latest = text;
      if (pending++ === 0) timers.setTimeout(flush, Math.max(0, wait));
    },
    dispose() {
      disposed = true;
      pending = 0;
    },
  };
}
