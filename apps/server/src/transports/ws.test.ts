import { afterAll, afterEach, beforeAll, describe, expect, it } from "bun:test";
import { body, signal, systemAlert, trade } from "../../test/events.ts";
import { publish, startTestServer } from "../../test/server.ts";
import { waitFor } from "../../test/wait.ts";
import { TestWs } from "../../test/ws-client.ts";

let srv: Awaited<ReturnType<typeof startTestServer>>;
const clients: TestWs[] = [];

async function connect(query = ""): Promise<TestWs> {
  const c = await TestWs.connect(`${srv.wsUrl}/ws${query}`);
  clients.push(c);
  return c;
}

beforeAll(async () => {
  srv = await startTestServer({ MAX_FRAME_BYTES: "1024" });
});
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
});
afterAll(async () => {
  await srv.stop();
});

describe("/ws", () => {
  it("greets with `connected` carrying session, epoch, current seq, topics, filter and transport", async () => {
    const c = await connect("?topics=strategy.*.signal,trade.>&min_confidence=0.5");
    expect(c.messages[0]).toMatchObject({
      type: "connected",
      epoch: srv.bus.epoch,
      current_seq: srv.bus.currentSeq(),
      topics: ["strategy.*.signal", "trade.>"],
      filter: { min_confidence: 0.5 },
      transport: "ws",
    });
    expect(typeof (c.messages[0] as { session_id: string }).session_id).toBe("string");
  });

  it("delivers a published event with exactly the wire fields", async () => {
    const c = await connect();
    const res = await publish(srv.url, body(signal("RSI_Oversold", 0.85)));
    expect(res.status).toBe(202);
    const { seqs } = (await res.json()) as { seqs: number[] };
    const [e] = await c.waitEvents(1);
    expect(e).toEqual({
      type: "signal",
      seq: seqs[0]!,
      topic: "strategy.RSI_Oversold.signal",
      timestamp: expect.any(String),
      data: { strategy_name: "RSI_Oversold", action: "BUY", price: 42350.5, confidence: 0.85 },
    });
  });

  it("answers a malformed frame with `error` and keeps the connection usable", async () => {
    const c = await connect();
    c.send("{not json");
    c.send({ type: "subscribe", topics: ["bad..pattern"] });
    c.send({ type: "launch" });
    const third = await c.next("error", 3);
    expect(c.of("error").map((e) => e.code)).toEqual(["invalid_json", "invalid_message", "invalid_message"]);
    expect(c.of("error")[1]?.issues?.length).toBeGreaterThan(0);
    expect(third.message.length).toBeGreaterThan(0);
    c.send({ type: "ping", t: 99 });
    expect((await c.next("pong")).t).toBe(99);
    expect(c.closed).toBeNull();
  });

  it("answers a binary frame with `error` and stays open", async () => {
    const c = await connect();
    c.ws.send(new Uint8Array([123, 125]));
    expect((await c.next("error")).code).toBe("invalid_message");
    c.send({ type: "ping" });
    await c.next("pong");
  });

  it("closes only the socket that sends an oversized frame", async () => {
    const big = await connect();
    const other = await connect();
    big.send({ type: "ping", pad: "x".repeat(2_000) });
    const closed = await big.waitClosed();
    expect(closed.code).toBe(1009);
    other.send({ type: "ping", t: 1 });
    expect((await other.next("pong")).t).toBe(1);
  });

  it("subscribe/unsubscribe change what arrives and are answered with `subscribed`", async () => {
    const c = await connect("?topics=system.alert");
    c.send({ type: "subscribe", topics: ["trade.>"] });
    expect((await c.next("subscribed")).topics).toEqual(["system.alert", "trade.>"]);
    c.send({ type: "unsubscribe", topics: ["system.alert"] });
    expect((await c.next("subscribed", 2)).topics).toEqual(["trade.>"]);
    const res = await publish(srv.url, [body(systemAlert()), body(trade("sub-1"))]);
    const { seqs } = (await res.json()) as { seqs: number[] };
    await c.waitEvents(1);
    await Bun.sleep(30);
    expect(c.seqs()).toEqual([seqs[1]!]);
  });

  it("applies topic and filter query parameters", async () => {
    const strong = await connect("?topics=strategy.*.signal&strategies=RSI_Oversold&min_confidence=0.8");
    const everything = await connect();
    await publish(srv.url, [
      body(signal("RSI_Oversold", 0.9)),
      body(signal("RSI_Oversold", 0.5)),
      body(signal("Volume_Spike", 0.95)),
      body(trade("f-1")),
    ]);
    await everything.waitEvents(4);
    await Bun.sleep(30);
    expect(strong.events().map((e) => [e.topic, (e.data as { confidence: number }).confidence])).toEqual([
      ["strategy.RSI_Oversold.signal", 0.9],
    ]);
  });

  it("resumes from last_seq with exactly the missed events, then `replayed`, then live ones", async () => {
    const first = await connect("?topics=trade.>");
    await publish(srv.url, body(trade("r-0")));
    const [seen] = await first.waitEvents(1);
    first.close();
    const missed = (await (
      await publish(
        srv.url,
        Array.from({ length: 10 }, (_, i) => body(trade(`r-${i + 1}`))),
      )
    ).json()) as {
      seqs: number[];
    };
    await publish(srv.url, body(systemAlert())); // not subscribed: must not be replayed
    const again = await connect(`?topics=trade.>&last_seq=${srv.bus.epoch}:${seen!.seq}`);
    const replayed = await again.next("replayed");
    expect(again.seqs()).toEqual(missed.seqs);
    expect(replayed).toMatchObject({ count: 10, truncated: false, from_seq: seen!.seq, epoch: srv.bus.epoch });
    const live = (await (await publish(srv.url, body(trade("r-live")))).json()) as { seqs: number[] };
    await again.waitEvents(11);
    expect(again.seqs()).toEqual([...missed.seqs, ...live.seqs]);
    const types = again.messages.map((m) => m.type);
    expect(types.indexOf("replayed")).toBe(11); // connected, 10 trades, replayed, live trade
  });

  it("with batch=1 sends the replay and each live batch as events frames, in order, each event once", async () => {
    const before = srv.bus.currentSeq();
    const past = (await (
      await publish(
        srv.url,
        Array.from({ length: 600 }, (_, i) => body(trade(`f-${i}`))),
      )
    ).json()) as { seqs: number[] };
    const c = await connect(`?topics=trade.>&batch=1&last_seq=${srv.bus.epoch}:${before}`);
    const replayed = await c.next("replayed");
    expect(replayed).toMatchObject({ count: 600, truncated: false });
    expect(c.seqs()).toEqual(past.seqs);
    expect(c.frames.reduce((a, b) => a + b, 0)).toBe(600);
    expect(c.frames.length).toBeLessThan(10); // frames, not 600 messages
    const live = (await (
      await publish(srv.url, [body(trade("f-live-1")), body(systemAlert()), body(trade("f-live-2"))])
    ).json()) as { seqs: number[] };
    await c.waitEvents(602);
    expect(c.seqs()).toEqual([...past.seqs, live.seqs[0]!, live.seqs[2]!]);
    expect(c.frames.at(-1)).toBe(2);
  });

  it("without batch=1 sends one event per message", async () => {
    const c = await connect("?topics=trade.>");
    await publish(srv.url, [body(trade("p-1")), body(trade("p-2"))]);
    await c.waitEvents(2);
    expect(c.frames).toEqual([]);
  });

  it("a `resume` message replays after its cursor", async () => {
    const c = await connect("?topics=trade.>");
    const { seqs } = (await (await publish(srv.url, [body(trade("m-1")), body(trade("m-2"))])).json()) as {
      seqs: number[];
    };
    await c.waitEvents(2);
    c.send({ type: "resume", last_seq: seqs[0]! });
    const r = await c.next("replayed");
    expect(r.count).toBe(1);
    expect(c.seqs()).toEqual([seqs[0]!, seqs[1]!, seqs[1]!]);
  });

  it("refuses a bad query with 400 JSON naming the parameter, before upgrading", async () => {
    for (const [qs, parameter] of [
      ["topics=a..b", "topics"],
      ["last_seq=nope", "last_seq"],
      ["min_confidence=7", "min_confidence"],
    ] as const) {
      const res = await fetch(`${srv.url}/ws?${qs}`, { headers: { Upgrade: "websocket", Connection: "Upgrade" } });
      expect(res.status).toBe(400);
      const b = (await res.json()) as { error: string; parameter: string; message: string };
      expect(b.parameter).toBe(parameter);
      expect(b.message.length).toBeGreaterThan(0);
    }
  });

  it("counts every connection in /api/v1/health while open", async () => {
    const before = srv.hub.stats().clients.ws;
    const c = await connect("?topics=market.>");
    const health = (await (await fetch(`${srv.url}/api/v1/health`)).json()) as {
      clients: { ws: number };
      subscribers: Record<string, number>;
    };
    expect(health.clients.ws).toBe(before + 1);
    expect(health.subscribers["market.>"]).toBe(1);
    c.close();
    await waitFor(() => srv.hub.stats().clients.ws === before, { what: "the close to be seen" });
  });
});

describe("/ws slow clients", () => {
  it("moves a socket that stops reading to the slow lane, then tells it `lagged`, and keeps serving the others", async () => {
    const s = await startTestServer({
      WS_SLOW_SOFT_LIMIT: "16KiB",
      WS_SLOW_HARD_LIMIT: "64KiB",
      WS_BUFFER_LIMIT: "1MiB",
      SLOW_SWEEP_MS: "10",
    });
    let raw: Awaited<ReturnType<typeof Bun.connect>> | undefined;
    const good = await TestWs.connect(`${s.wsUrl}/ws?topics=system.alert`);
    try {
      // A client that completes the handshake and then never reads.
      raw = await Bun.connect({
        hostname: "127.0.0.1",
        port: s.port,
        socket: {
          data() {},
          open(sock) {
            sock.write(
              "GET /ws?topics=system.alert HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                `Sec-WebSocket-Key: ${btoa("0123456789abcdef")}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
            );
          },
        },
      });
      raw.pause?.();
      await waitFor(() => s.hub.stats().clients.ws === 2, { what: "the raw socket to be connected" });
      const message = "m".repeat(1_900);
      const batch = Array.from({ length: 50 }, () => body(systemAlert(message)));
      for (let i = 0; i < 200 && s.hub.counters.slowDisconnects.ws === 0; i++) {
        await publish(s.url, batch);
        await Bun.sleep(2);
      }
      // Our own limits acted first (slow lane, then lagged), not Bun's last-resort close.
      expect(s.hub.counters.slowLaneEntries.ws).toBe(1);
      expect(s.hub.counters.laggedDisconnects.ws).toBe(1);
      expect(s.hub.counters.slowDisconnects.ws).toBe(1);
      const metrics = await (await fetch(`${s.url}/metrics`)).text();
      expect(metrics).toContain('tickerwire_slow_client_disconnects_total{transport="ws"} 1');
      expect(metrics).toContain('tickerwire_lagged_disconnects_total{transport="ws"} 1');
      expect(metrics).toContain('tickerwire_slow_lane_entries_total{transport="ws"} 1');
      // The reading client got everything, in order, and is still connected.
      const total = s.bus.currentSeq();
      await good.waitEvents(total, 10_000);
      expect(good.seqs()).toEqual(Array.from({ length: total }, (_, i) => i + 1));
      expect(good.closed).toBeNull();
    } finally {
      raw?.end();
      good.close();
      await s.stop();
    }
  });
});
