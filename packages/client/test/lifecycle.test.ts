import { afterEach, describe, expect, it } from "bun:test";
import { CLOSE_CODES, type HubEvent } from "@tickerwire/protocol";
import { connect } from "../src/index.ts";
import { tick, waitFor } from "./fake-clock.ts";
import { record, seqs, World } from "./harness.ts";

let world: World;
afterEach(() => world.dispose());

describe.each(["ws", "sse"] as const)("bad input over %s", (transport) => {
  it("reports invalid messages as errors and keeps delivering", async () => {
    world = new World();
    const r = world.connect({ transports: [transport] });
    await waitFor(() => r.client.state === "open", "open");
    const conn = world.hub.live(transport)[0];
    conn?.send("this is not json");
    conn?.send('{"type":"bogus"}'); // raw text: over SSE an unknown `event:` name would never reach us
    conn?.send({ type: "signal", seq: 9, topic: "strategy.X.signal", timestamp: "2026-01-19T10:30:00.000Z" });
    world.hub.publish();
    await waitFor(() => r.events.length === 1, "the valid event");
    expect(r.errors.map((e) => e.code)).toEqual(["invalid_message", "invalid_message", "invalid_message"]);
    expect(r.errors[2]?.issues.length).toBeGreaterThan(0);
    expect(r.client.state).toBe("open");
    expect(seqs(r.events)).toEqual([1]);
  });

  it("reports a hub `error` message with its code", async () => {
    world = new World();
    const r = world.connect({ transports: [transport] });
    await waitFor(() => r.client.state === "open", "open");
    world.hub.live(transport)[0]?.send({ type: "error", code: "rate_limited", message: "slow down" });
    await waitFor(() => r.errors.length === 1, "error");
    expect(r.errors[0]).toMatchObject({ name: "ClientError", code: "server_error", serverCode: "rate_limited" });
    expect(r.client.state).toBe("open");
  });
});

describe("events frames over ws (batch=1)", () => {
  it("unpacks an events frame in order, reporting an invalid event in it and keeping the rest", async () => {
    world = new World();
    const r = world.connect({ transports: ["ws"] });
    await waitFor(() => r.client.state === "open", "open");
    const conn = world.hub.live("ws")[0];
    expect(conn?.url.searchParams.get("batch")).toBe("1");
    const ts = "2026-01-19T10:30:00.000Z";
    const ev = (seq: number, confidence = 0.5) => ({
      type: "signal",
      seq,
      topic: "strategy.X.signal",
      timestamp: ts,
      data: { strategy_name: "X", action: "BUY", price: 1, confidence },
    });
    conn?.send({ type: "events", events: [ev(1), ev(2, 9), ev(3)] });
    await waitFor(() => r.events.length === 2, "the two valid events");
    expect(seqs(r.events)).toEqual([1, 3]);
    expect(r.errors.map((e) => e.code)).toEqual(["invalid_message"]);
    expect(r.client.lastSeq).toBe(3);
  });
});

describe("refusals that must not be retried", () => {
  it("closes for good when the hub closes the WebSocket with 4001", async () => {
    world = new World();
    const r = world.connect();
    await waitFor(() => r.client.state === "open", "open");
    world.hub.dropAll(CLOSE_CODES.UNAUTHORIZED);
    await waitFor(() => r.client.state === "closed", "closed");
    expect(r.errors.at(-1)).toMatchObject({ code: "rejected", fatal: true, status: 4001, transport: "ws" });
    world.clock.advance(120_000);
    await tick();
    expect(world.hub.connections).toHaveLength(1);
  });

  it("closes for good when /sse answers 401", async () => {
    world = new World();
    world.hub.sseMode = { status: 401 };
    const r = world.connect({ transports: ["sse"] });
    await waitFor(() => r.client.state === "closed", "closed");
    expect(r.errors.at(-1)).toMatchObject({ code: "rejected", status: 401, fatal: true });
    expect(world.clock.pending).toBe(0);
  });
});

describe("close()", () => {
  it("stops the transport, every timer and every future reconnect", async () => {
    world = new World();
    const r = world.connect();
    await waitFor(() => r.client.state === "open", "open");
    r.client.close();
    expect(r.client.state).toBe("closed");
    expect(r.states.at(-1)).toEqual({ from: "open", to: "closed", transport: null });
    expect(world.clock.pending).toBe(0);
    await waitFor(() => world.hub.live().length === 0, "hub saw the close");
    world.hub.publish();
    world.clock.advance(120_000);
    await tick();
    expect(r.events).toEqual([]);
    expect(world.hub.connections).toHaveLength(1);
  });

  it("cancels a pending reconnect", async () => {
    world = new World();
    world.hub.wsMode = "refuse";
    world.hub.sseMode = { status: 503 };
    const r = world.connect({ openTimeoutMs: 0 });
    await waitFor(() => world.clock.delays.length === 1, "retry scheduled");
    r.client.close();
    expect(world.clock.pending).toBe(0);
    world.clock.advance(60_000);
    await tick();
    expect(world.hub.connections).toHaveLength(2);
  });

  it("called right after connect(), opens nothing", async () => {
    world = new World();
    const r = world.connect();
    r.client.close();
    await tick();
    expect(world.hub.connections).toHaveLength(0);
    expect(r.client.state).toBe("closed");
  });

  it("ends async iterators", async () => {
    world = new World();
    const r = world.connect();
    await waitFor(() => r.client.state === "open", "open");
    const it = r.client.events();
    const pending = it.next();
    r.client.close();
    expect(await pending).toEqual({ done: true, value: undefined });
  });
});

describe("listeners", () => {
  it("a throwing listener is logged and does not stop delivery to others", async () => {
    world = new World();
    const warnings: unknown[][] = [];
    const client = connect({
      url: "http://hub.test",
      env: world.clock.env(),
      logger: { warn: (...a) => warnings.push(a) },
    });
    client.on("event", () => {
      throw new Error("app bug");
    });
    const r = record(client);
    await waitFor(() => client.state === "open", "open");
    world.hub.publish();
    world.hub.publish();
    await waitFor(() => r.events.length === 2, "2 events");
    expect(warnings).toHaveLength(2);
    client.close();
  });

  it("the function returned by on() unsubscribes", async () => {
    world = new World();
    const r = world.connect();
    const seen: HubEvent[] = [];
    const off = r.client.on("event", (e) => seen.push(e));
    await waitFor(() => r.client.state === "open", "open");
    world.hub.publish();
    await waitFor(() => seen.length === 1, "first");
    off();
    world.hub.publish();
    await waitFor(() => r.events.length === 2, "second");
    expect(seen).toHaveLength(1);
  });
});

describe("async iteration", () => {
  it("yields events in seq order across a reconnect, and break detaches the iterator", async () => {
    world = new World();
    const r = world.connect({ deadAfterMs: 0 });
    await waitFor(() => r.client.state === "open", "open");
    const got: number[] = [];
    const consumer = (async () => {
      for await (const e of r.client) {
        got.push(e.seq);
        if (got.length === 4) break;
      }
    })();
    world.hub.publish();
    world.hub.publish();
    await waitFor(() => got.length === 2, "2 iterated");
    world.hub.dropAll();
    await waitFor(() => r.client.state === "reconnecting", "reconnecting");
    world.hub.publish();
    world.clock.advance(250);
    await waitFor(() => r.client.state === "open", "open again");
    world.hub.publish();
    world.hub.publish();
    await consumer;
    expect(got).toEqual([1, 2, 3, 4]);
    await waitFor(() => r.events.length === 5, "5 events");
  });
});

describe("subscriptions over WebSocket", () => {
  it("subscribe, unsubscribe and setFilter send control messages; the filter always goes along", async () => {
    world = new World();
    const r = world.connect({ topics: ["system.alert"] });
    await waitFor(() => r.client.state === "open", "open");
    const conn = world.hub.live("ws")[0];
    r.client.subscribe(["trade.>"], { strategies: ["RSI_Oversold"] });
    r.client.unsubscribe(["system.alert"]);
    r.client.setFilter(undefined);
    r.client.subscribe(["not..valid"]);
    await waitFor(() => (conn?.received.filter((m) => m.type !== "ping").length ?? 0) === 3, "3 messages");
    expect(conn?.received.filter((m) => m.type !== "ping")).toEqual([
      { type: "subscribe", topics: ["trade.>"], filter: { strategies: ["RSI_Oversold"] } },
      { type: "unsubscribe", topics: ["system.alert"] },
      { type: "subscribe", topics: ["trade.>"], filter: {} },
    ]);
    expect(r.errors.map((e) => e.code)).toEqual(["invalid_argument"]);
    expect(conn?.topics).toEqual(["trade.>"]);
  });

  it("a subscription changed while the WebSocket is opening is sent once it is connected", async () => {
    world = new World();
    const r = world.connect({ topics: ["system.alert"] });
    await Promise.resolve(); // the first attempt has started, `connected` has not arrived
    r.client.subscribe(["trade.>"]);
    await waitFor(() => r.client.state === "open", "open");
    const conn = world.hub.connections[0];
    await waitFor(() => conn?.received.some((m) => m.type === "subscribe") ?? false, "subscribe sent");
    expect(conn?.url.searchParams.get("topics")).toBe("system.alert");
    expect(conn?.topics).toEqual(["system.alert", "trade.>"]);
  });
});

describe.each(["ws", "sse"] as const)("with no topics over %s", (transport) => {
  it("unsubscribing the last topic closes the connection and says idle; subscribe() connects again, resuming", async () => {
    world = new World();
    const r = world.connect({ transports: [transport], topics: ["system.alert"], deadAfterMs: 0 });
    await waitFor(() => r.client.state === "open", "open");
    world.hub.publish();
    await waitFor(() => r.events.length === 1, "1 event");
    r.client.unsubscribe(["system.alert"]);
    expect(r.client.state).toBe("idle");
    expect(r.client.transport).toBeNull();
    await waitFor(() => world.hub.live().length === 0, "connection closed");
    world.clock.advance(120_000);
    await tick();
    expect(world.hub.connections).toHaveLength(1); // nothing reconnects while idle
    r.client.subscribe(["trade.>"]);
    await waitFor(() => r.client.state === "open", "open again");
    const q = world.hub.connections[1]?.url.searchParams;
    expect(q?.get("topics")).toBe("trade.>");
    expect(q?.get("last_seq")).toBe("e1:1");
    expect(r.states.map((s) => s.to)).toEqual(["open", "idle", "connecting", "open"]);
  });
});

describe("idle", () => {
  it("a client whose every pattern is invalid starts idle and opens nothing", async () => {
    world = new World();
    const r = world.connect({ topics: ["not..valid"] });
    await waitFor(() => r.client.state === "idle", "idle");
    expect(r.errors.map((e) => e.code)).toEqual(["invalid_argument"]);
    world.clock.advance(60_000);
    await tick();
    expect(world.hub.connections).toHaveLength(0);
  });

  it("unsubscribing everything while waiting to reconnect cancels the retry", async () => {
    world = new World();
    const r = world.connect({ topics: ["system.alert"], deadAfterMs: 0, reportIntervalMs: 0 });
    await waitFor(() => r.client.state === "open", "open");
    world.hub.dropAll();
    await waitFor(() => r.client.state === "reconnecting", "reconnecting");
    expect(world.clock.pending).toBe(1); // the retry
    r.client.unsubscribe(["system.alert"]);
    expect(r.client.state).toBe("idle");
    expect(world.clock.pending).toBe(0);
    world.clock.advance(60_000);
    await tick();
    expect(world.hub.connections).toHaveLength(1);
  });
});

describe("subscriptions over SSE", () => {
  it("reconnects with the new query, resuming from lastSeq", async () => {
    world = new World();
    const r = world.connect({ transports: ["sse"], topics: ["system.alert"] });
    await waitFor(() => r.client.state === "open", "open");
    world.hub.publish();
    world.hub.publish();
    await waitFor(() => r.events.length === 2, "2 events");
    r.client.subscribe(["strategy.*.signal"], { min_confidence: 0.7 });
    await waitFor(() => world.hub.connections.length === 2, "new stream");
    const q = world.hub.connections[1]?.url.searchParams;
    expect(q?.get("topics")).toBe("system.alert,strategy.*.signal");
    expect(q?.get("last_seq")).toBe("e1:2");
    expect(q?.get("min_confidence")).toBe("0.7");
    await waitFor(() => r.client.state === "open", "open again");
    world.hub.publish("signal");
    await waitFor(() => r.events.length === 3, "signal");
    expect(seqs(r.events)).toEqual([1, 2, 3]);
    expect(r.states.map((s) => s.to)).toEqual(["open", "reconnecting", "open"]);
  });
});
