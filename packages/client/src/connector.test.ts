import { describe, expect, it } from "bun:test";
import type { ConnectedMessage, ServerMessage } from "@tickerwire/protocol";
import { connectedMessage } from "../test/events.ts";
import { FakeClock } from "../test/fake-clock.ts";
import { Connector, type ConnectorHost } from "./connector.ts";
import { resolveEnv } from "./env.ts";
import type { ClientError } from "./errors.ts";
import type { Link, Subscription } from "./link.ts";
import { resolveOptions } from "./options.ts";
import type { Transport, TransportCallbacks, TransportFactory } from "./transports/index.ts";
import type { ClientState, TransportKind } from "./types.ts";

/** A transport that keeps calling back after close(), like a buggy or racing socket would. */
class FakeTransport implements Transport {
  readonly seesKeepAlive = false;
  closed = false;
  readonly sent: unknown[] = [];
  constructor(
    readonly kind: TransportKind,
    readonly url: string,
    readonly cb: TransportCallbacks,
  ) {}
  send = (m: unknown) => {
    this.sent.push(m);
    return !this.closed;
  };
  close() {
    this.closed = true;
  }
  connected(epoch = "e1") {
    this.cb.message(
      connectedMessage({
        epoch,
        currentSeq: 0,
        topics: [">"],
        serverTime: "2026-01-19T10:30:00.000Z",
        transport: this.kind,
      }),
    );
  }
}

function setup(factoryHook?: (t: FakeTransport) => void, transports: TransportKind[] = ["ws", "sse"]) {
  const clock = new FakeClock();
  const env = resolveEnv(clock.env());
  const opened: FakeTransport[] = [];
  const make =
    (kind: TransportKind): TransportFactory =>
    ({ url, callbacks }) => {
      const t = new FakeTransport(kind, url, callbacks);
      opened.push(t);
      factoryHook?.(t);
      return t;
    };
  const seen = {
    opened: [] as [Link, ConnectedMessage][],
    messages: [] as ServerMessage[],
    errors: [] as ClientError[],
    states: [] as ClientState[],
  };
  const sub: Subscription = { topics: [">"], filter: undefined, cursor: null };
  const host: ConnectorHost = {
    subscription: () => sub,
    opened: (l, m) => seen.opened.push([l, m]),
    message: (_l, m) => seen.messages.push(m),
    report: (e) => seen.errors.push(e),
    setState: (to) => seen.states.push(to),
    fatal: () => {},
  };
  const { options } = resolveOptions({ url: "http://hub.test", pingIntervalMs: 0, deadAfterMs: 0, transports });
  const connector = new Connector(options, env, {}, { ws: make("ws"), sse: make("sse") }, host);
  return { clock, opened, seen, connector, sub };
}

describe("connector generations", () => {
  it("ignores every callback from a transport it abandoned", () => {
    const { clock, opened, seen, connector } = setup();
    connector.start();
    const [ws] = opened;
    clock.advance(5000); // ws never said connected: fall back
    const sse = opened[1];
    expect(sse?.kind).toBe("sse");
    expect(ws?.closed).toBe(true);

    ws?.connected(); // too late: stale generation
    ws?.cb.message({ type: "pong", server_time: "2026-01-19T10:30:00.000Z" });
    ws?.cb.invalid({} as ClientError);
    ws?.cb.closed({ code: 1006, reason: "late" });
    expect(seen.opened).toHaveLength(0);
    expect(seen.errors.map((e) => e.code)).toEqual(["open_timeout"]);
    expect(opened).toHaveLength(2); // the late close did not start another attempt

    sse?.connected();
    expect(seen.opened.map(([l]) => l.kind)).toEqual(["sse"]);
    expect(connector.main?.gen).toBe(2);
  });

  it("moves on when a transport fails synchronously while being opened, without a stray timer", () => {
    const { clock, opened, seen, connector } = setup((t) => {
      if (t.kind === "ws") t.cb.closed({ code: 1006, reason: "refused at once" });
    });
    connector.start();
    expect(opened.map((t) => t.kind)).toEqual(["ws", "sse"]);
    expect(connector.main?.kind).toBe("sse");
    expect(clock.pending).toBe(1); // only the SSE open timeout
    opened[1]?.connected();
    expect(seen.opened).toHaveLength(1);
  });

  it("messages before `connected` are not delivered", () => {
    const { opened, seen, connector } = setup();
    connector.start();
    opened[0]?.cb.message({ type: "pong", server_time: "2026-01-19T10:30:00.000Z" });
    expect(seen.messages).toHaveLength(0);
    opened[0]?.connected();
    opened[0]?.cb.message({ type: "pong", server_time: "2026-01-19T10:30:00.000Z" });
    expect(seen.messages.map((m) => m.type)).toEqual(["connected", "pong"]);
  });
});

describe("connector phases", () => {
  it("opens nothing without topics and says idle; topics start a round, showing connecting", () => {
    const { opened, seen, connector, sub, clock } = setup();
    sub.topics = [];
    connector.start();
    expect(connector.phase).toBe("idle");
    expect(seen.states).toEqual(["idle"]);
    clock.advance(60_000);
    expect(opened).toHaveLength(0);
    sub.topics = ["trade.>"];
    connector.subscriptionChanged();
    expect(connector.phase).toBe("connecting");
    expect(opened[0]?.url).toContain("topics=trade.%3E");
    opened[0]?.connected();
    expect(seen.states).toEqual(["idle", "connecting", "open"]);
  });

  it("keeps an open WebSocket's subscription in step with subscribe/unsubscribe messages", () => {
    const { opened, connector, sub } = setup();
    connector.start();
    opened[0]?.connected();
    sub.topics = [">", "trade.>"];
    sub.filter = { types: ["trade"] };
    connector.subscriptionChanged();
    sub.topics = ["trade.>"];
    connector.subscriptionChanged();
    expect(opened[0]?.sent).toEqual([
      { type: "subscribe", topics: ["trade.>"], filter: { types: ["trade"] } },
      { type: "unsubscribe", topics: [">"] },
    ]);
    expect(connector.openLink?.topics).toEqual(["trade.>"]);
    expect(opened).toHaveLength(1);
  });

  it("reopens an SSE stream for a new subscription, and one that opened with an old subscription", () => {
    const { opened, seen, connector, sub } = setup(undefined, ["sse"]);
    connector.start();
    sub.topics = ["trade.>"];
    connector.subscriptionChanged(); // still opening: dealt with when it says connected
    expect(opened).toHaveLength(1);
    opened[0]?.connected();
    expect(opened[0]?.closed).toBe(true);
    expect(opened[1]?.url).toContain("topics=trade.%3E");
    opened[1]?.connected();
    sub.topics = ["system.alert"];
    connector.subscriptionChanged();
    expect(opened[2]?.url).toContain("topics=system.alert");
    expect(seen.states).toEqual(["connecting", "open", "reconnecting"]);
    expect(seen.opened.map(([l]) => l.gen)).toEqual([2]);
  });

  it("a stop releases every link and timer", () => {
    const { opened, connector, clock } = setup();
    connector.start();
    expect(clock.pending).toBe(1); // the open timeout
    connector.stop();
    expect(connector.phase).toBe("stopped");
    expect(opened[0]?.closed).toBe(true);
    expect(clock.pending).toBe(0);
    connector.start();
    expect(opened).toHaveLength(1);
  });
});
