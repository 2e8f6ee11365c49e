import { beforeEach, describe, expect, it } from "bun:test";
import { ClientError } from "@tickerwire/client";
import { createDeskState, foldEvents } from "@tickerwire/desk";
import type { DeskState, HubEvent, SnapshotMessage } from "@tickerwire/protocol";
import { FakeClient } from "../test/fake-client.ts";
import { closed, executed, originalExamples, resetSeq, signal } from "../test/fixtures.ts";
import { createSession, type SessionOptions } from "./session.ts";

function setup(over: Partial<SessionOptions> = {}) {
  const client = new FakeClient();
  const frames: (() => void)[] = [];
  let hidden = false;
  const listeners = new Set<() => void>();
  const doc = {
    get visibilityState() {
      return hidden ? ("hidden" as const) : ("visible" as const);
    },
    addEventListener: (_: string, cb: () => void) => void listeners.add(cb),
    removeEventListener: (_: string, cb: () => void) => void listeners.delete(cb),
  } as unknown as SessionOptions["document"];
  const session = createSession({
    client,
    view: { filter: undefined, transports: undefined, replayAll: false },
    schedule: (cb) => void frames.push(cb),
    url: { search: () => "", replace: () => {} },
    notifications: {},
    listRefreshMs: 0,
    paint: (cb) => cb(),
    clock: { now: () => Date.now(), setInterval: () => 0, clearInterval: () => {} },
    document: doc,
    ...over,
  });
  return {
    client,
    session,
    frame: () => {
      for (const cb of frames.splice(0)) cb();
    },
    setHidden(h: boolean) {
      hidden = h;
      for (const cb of listeners) cb();
    },
    listeners,
  };
}

const connected = (epoch: string) => ({
  type: "connected" as const,
  session_id: "s",
  server_time: new Date().toISOString(),
  epoch,
  current_seq: 0,
  topics: [">"],
});

/** The `snapshot` message the hub would send after folding `events`. */
function snapshot(events: HubEvent[], epoch = "e1"): SnapshotMessage {
  const state = JSON.parse(JSON.stringify(foldEvents(createDeskState(), events))) as DeskState;
  return { type: "snapshot", epoch, seq: state.seq, timestamp: new Date().toISOString(), state };
}

beforeEach(() => resetSeq());

describe("session", () => {
  it("applies the client's events once per frame", () => {
    const t = setup();
    for (const e of originalExamples()) t.client.emit("event", e);
    expect(t.session.store.seq.value).toBe(0);
    t.frame();
    expect(t.session.store.seq.value).toBe(5);
    expect(t.session.view.summary.value.realizedPnl).toBe(1.5);
    expect(t.session.connection.lastSeq.value).toBe(5);
  });

  it("takes a snapshot's state, then folds the events after it", () => {
    const t = setup();
    const history = [executed("a", "RSI_Oversold"), closed("a", 10, "RSI_Oversold"), executed("b", "Volume_Spike")];
    t.client.emit("snapshot", snapshot(history));
    expect(t.session.store.seq.value).toBe(3);
    expect(t.session.view.summary.value).toMatchObject({ realizedPnl: 10, closedTrades: 1, openPositions: 1 });
    t.client.emit("event", closed("b", -4, "Volume_Spike"));
    t.frame();
    expect(t.session.view.summary.value).toMatchObject({ realizedPnl: 6, closedTrades: 2, openPositions: 0 });
    expect(t.session.truncated.value).toBe(false);
  });

  it("drops events still queued when a snapshot arrives: it includes them already", () => {
    const t = setup();
    const a = executed("a");
    const c = closed("a", 3);
    t.client.emit("event", a);
    t.client.emit("event", c); // queued for the next frame
    t.client.emit("snapshot", snapshot([a, c, signal("RSI_Oversold", "BUY", 1, 0.5)]));
    t.frame();
    expect(t.session.view.summary.value.closedTrades).toBe(1);
    expect(t.session.store.seq.value).toBe(3);
  });

  it("takes a new snapshot as the new view (a filter change), replacing everything", () => {
    const t = setup();
    t.client.emit("snapshot", snapshot([closed("a", 5, "RSI_Oversold"), closed("b", 7, "Volume_Spike")]));
    expect(t.session.view.summary.value.realizedPnl).toBe(12);
    resetSeq(3);
    t.client.emit("snapshot", snapshot([closed("c", 7, "Volume_Spike")]));
    expect(t.session.view.summary.value.realizedPnl).toBe(7);
    expect(t.session.view.strategies.value.map((r) => r.name)).toEqual(["Volume_Spike"]);
  });

  it("keeps its state and says so when a snapshot's state cannot be used", () => {
    const t = setup();
    t.client.emit("snapshot", snapshot([closed("a", 5)]));
    const bad = snapshot([executed("x"), executed("y")]);
    bad.state.positions.reverse();
    t.client.emit("snapshot", bad);
    expect(t.session.view.summary.value.realizedPnl).toBe(5);
    expect(t.session.lastError.value).toContain("could not be used");
  });

  it("shows the truncated banner when a replay says history was truncated", () => {
    const t = setup();
    t.client.emit("replayed", { type: "replayed", count: 0, truncated: false, from_seq: 0, to_seq: 0, epoch: "e1" });
    expect(t.session.truncated.value).toBe(false);
    t.client.emit("event", executed("a"));
    t.client.emit("replayed", { type: "replayed", count: 1, truncated: true, from_seq: 0, to_seq: 1, epoch: "e1" });
    expect(t.session.truncated.value).toBe(true);
    // replay done: what was replayed is applied without waiting for a frame
    expect(t.session.view.summary.value.openPositions).toBe(1);
    // A snapshot makes the figures exact again.
    t.client.emit("snapshot", snapshot([executed("a")]));
    expect(t.session.truncated.value).toBe(false);
  });

  it("starts over when the hub's history epoch changes", () => {
    const t = setup();
    t.client.emit("connected", connected("e1"));
    t.client.emit("event", executed("a"));
    t.client.emit("event", closed("a", 5));
    t.frame();
    t.client.emit("event", signal("RSI_Oversold", "BUY", 1, 1)); // pending, from the old history
    t.client.emit("connected", connected("e1")); // a reconnect to the same history keeps everything
    expect(t.session.view.summary.value.closedTrades).toBe(1);
    t.client.emit("connected", connected("e2"));
    t.frame();
    expect(t.session.view.summary.value.closedTrades).toBe(0);
    expect(t.session.view.signals.value).toEqual([]);
    resetSeq();
    t.client.emit("event", closed("b", 2)); // seq 1 of the new history is accepted
    t.frame();
    expect(t.session.view.summary.value.realizedPnl).toBe(2);
  });

  it("applies events and moves the summary and status numbers at most once per refresh interval, in one go", () => {
    let now = 0;
    const timeouts: { at: number; cb: () => void }[] = [];
    const timers = {
      now: () => now,
      setTimeout: (cb: () => void, ms: number) => void timeouts.push({ at: now + ms, cb }),
    };
    const t = setup({ listRefreshMs: 250, timers });
    t.client.emit("event", closed("a", 5));
    t.frame();
    expect(t.session.view.summary.value.closedTrades).toBe(1); // a lone event shows at once
    expect(t.session.connection.lastSeq.value).toBe(1);
    for (const id of ["b", "c", "d"]) {
      now += 16;
      t.client.emit("event", closed(id, 1));
      t.frame();
    }
    // Held back, not applied frame by frame: the store itself waits for the interval.
    expect(t.session.store.state.ledger.total.closed_trades).toBe(1);
    expect(t.session.view.summary.value.closedTrades).toBe(1);
    expect(t.session.connection.lastSeq.value).toBe(1);
    now += 250;
    for (const x of timeouts.splice(0)) x.cb();
    t.frame();
    expect(t.session.store.state.ledger.total.closed_trades).toBe(4);
    expect(t.session.view.summary.value.closedTrades).toBe(4);
    expect(t.session.connection.lastSeq.value).toBe(4);
    expect(timeouts).toHaveLength(0); // the summary and status followed at once, with no timer of their own
  });

  it("applies a flood (more than 200 events per refresh) every two refresh intervals", () => {
    let now = 0;
    const timeouts: { at: number; cb: () => void }[] = [];
    const timers = {
      now: () => now,
      setTimeout: (cb: () => void, ms: number) => void timeouts.push({ at: now + ms, cb }),
    };
    const t = setup({ listRefreshMs: 250, timers });
    for (let i = 0; i < 300; i++) t.client.emit("event", signal("RSI_Oversold", "BUY", 100, 0.9));
    t.frame();
    expect(t.session.store.state.recent.signal.length).toBe(50); // the first refresh: at once
    now += 16;
    t.client.emit("event", signal("RSI_Oversold", "BUY", 100, 0.9));
    t.frame();
    expect(timeouts.map((x) => x.at)).toEqual([500]); // not 250: the last refresh was a flood
    const before = t.session.store.seq.value;
    now = 500;
    for (const x of timeouts.splice(0)) x.cb();
    t.frame();
    expect(t.session.store.seq.value).toBe(before + 1);
    now += 16;
    t.client.emit("event", signal("RSI_Oversold", "BUY", 100, 0.9));
    t.frame();
    expect(timeouts.map((x) => x.at)).toEqual([750]); // a calm refresh: back to every 250 ms
  });

  it("tracks page visibility for the charts", () => {
    const t = setup();
    expect(t.session.pageVisible.value).toBe(true);
    t.setHidden(true);
    expect(t.session.pageVisible.value).toBe(false);
    t.setHidden(false);
    expect(t.session.pageVisible.value).toBe(true);
  });

  it("keeps the client's last error for the status bar until the next connection", () => {
    const t = setup();
    t.client.emit("error", new ClientError("invalid_message", "invalid server message"));
    expect(t.session.lastError.value).toBe("invalid server message");
    t.client.emit("connected", connected("e1"));
    expect(t.session.lastError.value).toBeNull(); // a fresh connection clears it
  });

  it("lets go of the client and the page on dispose", () => {
    const t = setup();
    t.session.dispose();
    expect(t.client.closed).toBe(true);
    expect(t.client.listenerCount("event")).toBe(0);
    expect(t.listeners.size).toBe(0);
  });
});
