import { describe, expect, it } from "bun:test";
import type { HubEvent } from "@tickerwire/protocol";
import type { RelayItem } from "./messages.ts";
import { Relay, type RelayBatch } from "./relay.ts";

const event = (seq: number): RelayItem => ({ kind: "event", epoch: "e1", event: { seq } as HubEvent });
const seqsOf = (b: RelayBatch) => b.items.map((i) => (i.kind === "event" ? i.event.seq : i.kind));

/** A relay on a manual clock and timer. */
function setup(o: { listening?: boolean; maxItems?: number } = {}) {
  const posted: RelayBatch[] = [];
  const timers: { fn: () => void; ms: number; cancelled: boolean }[] = [];
  let now = 0;
  const state = { listening: o.listening ?? true };
  const relay = new Relay({
    post: (b) => posted.push(structuredClone(b)),
    listening: () => state.listening,
    now: () => now,
    defer: (fn, ms) => {
      const t = { fn, ms, cancelled: false };
      timers.push(t);
      return () => {
        t.cancelled = true;
      };
    },
    windowMs: 16,
    ...(o.maxItems ? { maxItems: o.maxItems } : {}),
  });
  const fire = () => {
    for (const t of timers.splice(0)) if (!t.cancelled) t.fn();
  };
  return { relay, posted, fire, state, advance: (ms: number) => (now += ms) };
}

describe("relay to the other tabs", () => {
  it("posts N items pushed within one window as one batch, in order, when the window ends", () => {
    const { relay, posted, fire } = setup();
    for (let i = 1; i <= 100; i++) relay.push(event(i));
    relay.push({
      kind: "error",
      error: { code: "server_error", message: "x", level: "error", issues: [], fatal: false },
    });
    expect(posted).toHaveLength(0);
    fire();
    expect(posted).toHaveLength(1);
    expect(posted[0]?.first).toBe(0);
    expect(seqsOf(posted[0] as RelayBatch)).toEqual([...Array.from({ length: 100 }, (_, i) => i + 1), "error"]);
    fire();
    expect(posted).toHaveLength(1);
  });

  it("posts nothing, and arms no timer, while nobody listens — but still counts positions", () => {
    const { relay, posted, fire, state } = setup({ listening: false });
    for (let i = 1; i <= 10; i++) relay.push(event(i));
    fire();
    relay.flush();
    expect(posted).toHaveLength(0);
    expect(relay.position).toBe(10);
    state.listening = true;
    relay.push(event(11));
    fire();
    expect(posted.map((b) => [b.first, seqsOf(b)])).toEqual([[10, [11]]]);
  });

  it("drops a pending batch when the last listener left before the window ended", () => {
    const { relay, posted, fire, state } = setup();
    relay.push(event(1));
    state.listening = false;
    fire();
    expect(posted).toHaveLength(0);
  });

  it("flushes on a push once the window is over, without waiting for a late timer", () => {
    const { relay, posted, advance } = setup();
    relay.push(event(1));
    advance(10);
    relay.push(event(2));
    expect(posted).toHaveLength(0);
    advance(6);
    relay.push(event(3));
    expect(posted.map(seqsOf)).toEqual([[1, 2, 3]]);
  });

  it("posts a full window at once and numbers the next batch after it", () => {
    const { relay, posted, fire } = setup({ maxItems: 3 });
    for (let i = 1; i <= 5; i++) relay.push(event(i));
    fire();
    expect(posted.map((b) => [b.first, seqsOf(b)])).toEqual([
      [0, [1, 2, 3]],
      [3, [4, 5]],
    ]);
  });

  it("flush() posts what is pending now, so a message posted next comes after it", () => {
    const { relay, posted, fire } = setup();
    relay.push(event(1));
    relay.flush();
    expect(posted.map(seqsOf)).toEqual([[1]]);
    expect(relay.position).toBe(1);
    fire();
    expect(posted).toHaveLength(1);
  });

  it("stop() drops what is pending and cancels the timer", () => {
    const { relay, posted, fire } = setup();
    relay.push(event(1));
    relay.stop();
    fire();
    expect(posted).toHaveLength(0);
  });
});
