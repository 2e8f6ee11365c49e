import { afterEach, describe, expect, it } from "bun:test";
import { CLOSE_CODES } from "@tickerwire/protocol";
import { waitFor } from "./fake-clock.ts";
import { seqs, World } from "./harness.ts";

let world: World;
afterEach(() => world.dispose());

describe.each(["ws", "sse"] as const)("resume over %s", (transport) => {
  it("reconnects with last_seq and delivers exactly the missed events, in order, once", async () => {
    world = new World();
    world.hub.replayOverlap = 2; // the hub repeats two events we already have: they must be dropped
    const r = world.connect({ transports: [transport], deadAfterMs: 0 });
    await waitFor(() => r.client.state === "open", "open");
    for (let i = 0; i < 3; i++) world.hub.publish();
    await waitFor(() => r.events.length === 3, "3 live events");

    world.hub.dropAll(CLOSE_CODES.GOING_AWAY);
    await waitFor(() => r.client.state === "reconnecting", "reconnecting");
    for (let i = 0; i < 2; i++) world.hub.publish(); // missed while away
    world.clock.advance(250); // the first backoff: random 0.5 × minMs 500
    await waitFor(() => r.replayed.length === 1, "replayed");
    world.hub.publish();
    await waitFor(() => r.events.length === 6, "6 events");
    await Bun.sleep(20);

    expect(seqs(r.events)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(world.hub.connections.map((c) => c.lastSeq)).toEqual([null, "e1:3"]);
    expect(r.replayed[0]).toMatchObject({ truncated: false, epoch: "e1" });
    expect(r.client.lastSeq).toBe(6);
    expect(r.states.map((s) => s.to)).toEqual(["open", "reconnecting", "open"]);
  });

  it("starts from the `resume` cursor: { seq: 0 } replays the hub's history", async () => {
    world = new World();
    for (let i = 0; i < 4; i++) world.hub.publish();
    const r = world.connect({ transports: [transport], resume: { seq: 0 } });
    await waitFor(() => r.replayed.length === 1, "replayed");
    expect(seqs(r.events)).toEqual([1, 2, 3, 4]);
    expect(world.hub.connections[0]?.lastSeq).toBe("0");
    expect(r.client.epoch).toBe("e1");
  });

  it("starts over when the hub's epoch changed, and passes on `truncated`", async () => {
    world = new World();
    for (let i = 0; i < 5; i++) world.hub.publish();
    const r = world.connect({ transports: [transport], resume: { epoch: "e1", seq: 5 }, deadAfterMs: 0 });
    await waitFor(() => r.replayed.length === 1, "first replayed");
    expect(r.client.lastSeq).toBe(5);

    world.hub.dropAll();
    await waitFor(() => r.client.state === "reconnecting", "reconnecting");
    // The hub lost its store: a new epoch whose seqs start again below ours.
    world.hub.epoch = "e2";
    world.hub.seq = 0;
    world.hub.history.length = 0;
    world.hub.publish();
    world.hub.publish();
    world.clock.advance(250); // the first backoff: random 0.5 × minMs 500
    await waitFor(() => r.replayed.length === 2, "second replayed");
    expect(world.hub.connections[1]?.lastSeq).toBe("e1:5");
    expect(r.replayed[1]?.truncated).toBe(true);
    expect(seqs(r.events)).toEqual([1, 2]);
    expect(r.client.epoch).toBe("e2");
    expect(r.client.lastSeq).toBe(2);
  });
});

describe("resume", () => {
  it("comes straight back (no backoff) when dropped for lagging, resuming from lastSeq", async () => {
    world = new World();
    const r = world.connect();
    await waitFor(() => r.client.state === "open", "open");
    world.hub.publish();
    await waitFor(() => r.events.length === 1, "event");
    world.hub.dropAll(CLOSE_CODES.LAGGED);
    await waitFor(() => world.hub.connections.length === 2, "reconnected without the clock moving");
    expect(world.hub.connections[1]?.lastSeq).toBe("e1:1");
    await waitFor(() => r.client.state === "open", "open again");
  });

  it("starting live, resumes after connected.current_seq even if no event arrived", async () => {
    world = new World();
    for (let i = 0; i < 7; i++) world.hub.publish();
    const r = world.connect();
    await waitFor(() => r.client.state === "open", "open");
    expect(r.events).toHaveLength(0); // live start: no history
    world.hub.dropAll();
    await waitFor(() => r.client.state === "reconnecting", "reconnecting");
    world.clock.advance(250); // the first backoff: random 0.5 × minMs 500
    await waitFor(() => world.hub.connections.length === 2, "reconnected");
    expect(world.hub.connections[1]?.lastSeq).toBe("e1:7");
  });
});
