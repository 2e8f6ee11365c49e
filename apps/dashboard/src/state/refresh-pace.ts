/**
 * How often the dashboard applies events (and so renders) while a stream flows: every `baseMs`
 * (250 ms, session.ts LIST_REFRESH_MS), or every `floodMs` once the last refresh brought more
 * than `floodAt` events. Past that rate each refresh replaces every 50-item panel whole, so a
 * person sees a blur either way, while each refresh costs a full re-render of the four lists and
 * both charts — at 5,000 events/s that re-render was most of the page's main-thread time
 * (measured in Chromium). Pure.
 */

export interface RefreshPace {
  baseMs: number;
  floodMs: number;
  /** Events in one refresh above which the stream counts as a flood. */
  floodAt: number;
}

/** 200 events per 250 ms (800 events/s): four panels of 50 items turned over every refresh. */
export const DEFAULT_PACE: RefreshPace = { baseMs: 250, floodMs: 500, floodAt: 200 };

/** The wait before the next refresh, given how many events the last one applied. */
export function nextRefreshMs(lastCount: number, pace: RefreshPace = DEFAULT_PACE): number {
  return lastCount > pace.floodAt ? pace.floodMs : pace.baseMs;
}
