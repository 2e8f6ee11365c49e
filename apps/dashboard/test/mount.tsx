/** Renders the whole dashboard around a fake client, for the component tests. */
import { act, render, screen } from "@testing-library/preact";
import type { HubEvent } from "@tickerwire/protocol";
import { App } from "../src/App.tsx";
import { createSession, type SessionOptions } from "../src/session.ts";
import { readViewQuery } from "../src/state/view-query.ts";
import { recordingCharts } from "./fake-charts.ts";
import { FakeClient } from "./fake-client.ts";

/** `feed` delivers events as the SDK would and applies them (frames never come by themselves). */
export function mount(search = "", overrides: Partial<SessionOptions> = {}) {
  const client = new FakeClient();
  const url = {
    current: search,
    search: () => url.current,
    replace: (s: string) => {
      url.current = s;
    },
  };
  const session = createSession({
    client,
    view: readViewQuery(search),
    schedule: () => {},
    url,
    notifications: {},
    listRefreshMs: 0,
    paint: (cb) => cb(),
    clock: { now: () => Date.now(), setInterval: () => 0, clearInterval: () => {} },
    ...overrides,
  });
  const charts = recordingCharts();
  render(<App session={session} charts={charts.factory} />);
  return {
    client,
    session,
    url,
    charts,
    feed: (events: HubEvent[]) =>
      act(() => {
        for (const e of events) client.emit("event", e);
        session.flush();
      }),
    run: (fn: () => void) => act(fn),
  };
}

/** An element's text as shown (visually hidden text left out), whitespace collapsed. */
export const text = (el: Element) => collapse(without(el, ".visually-hidden"));

/** An element's text as a screen reader reads it (aria-hidden parts left out), whitespace collapsed. */
export const spokenText = (el: Element) => collapse(without(el, '[aria-hidden="true"]'));

function without(el: Element, selector: string): string {
  const copy = el.cloneNode(true) as Element;
  for (const hidden of copy.querySelectorAll(selector)) hidden.remove();
  return copy.textContent ?? "";
}
const collapse = (s: string) => s.replace(/\s+/g, " ").trim();
export const texts = (testId: string) => screen.queryAllByTestId(testId).map(text);
