import { afterAll, afterEach, beforeAll, describe, expect, it } from "bun:test";
import { EventSource } from "eventsource";
import { body, signal, systemAlert, trade } from "../../test/events.ts";
import { publish, startTestServer } from "../../test/server.ts";
import { TestSse } from "../../test/sse-client.ts";
import { waitFor } from "../../test/wait.ts";

let srv: Awaited<ReturnType<typeof startTestServer>>;
const streams: TestSse[] = [];

function open(query = "", headers: Record<string, string> = {}): TestSse {
  const s = new TestSse(`${srv.url}/sse${query}`, headers);
  streams.push(s);
  return s;
}
const connected = (s: TestSse) => s.waitFrames((f) => f.some((x) => x.event === "connected"), 3_000, "connected");

async function publishSeqs(items: unknown): Promise<number[]> {
  const res = await publish(srv.url, items);
  expect(res.status).toBe(202);
  return ((await res.json()) as { seqs: number[] }).seqs;
}

beforeAll(async () => {
  srv = await startTestServer({ SSE_HEARTBEAT_MS: "100", SSE_RETRY_MS: "1500" });
});
afterEach(async () => {
  await Promise.all(streams.splice(0).map((s) => s.close()));
});
afterAll(async () => {
  await srv.stop();
});

describe("/sse", () => {
  it("answers with the streaming headers, then `retry:`, then `connected` without an id", async () => {
    const s = open("?topics=trade.>");
    await connected(s);
    const h = s.response!.headers;
    expect(h.get("content-type")).toStartWith("text/event-stream");
    expect(h.get("cache-control")).toBe("no-cache, no-transform");
    expect(h.get("x-accel-buffering")).toBe("no");
    expect(s.frames[0]).toEqual({ data: "", retry: 1500 });
    expect(s.frames[1]?.event).toBe("connected");
    expect(s.frames[1]?.id).toBeUndefined();
    expect(JSON.parse(s.frames[1]!.data)).toMatchObject({
      type: "connected",
      epoch: srv.bus.epoch,
      topics: ["trade.>"],
      transport: "sse",
    });
  });

  it("sends each event as `id: <epoch>:<seq>`, `event: <type>`, `data: <wire json>`", async () => {
    const s = open();
    await connected(s);
    const [seq] = await publishSeqs(body(signal("MACD_Divergence", 0.7)));
    await s.waitEvents(1);
    const f = s.eventFrames()[0]!;
    expect(f.id).toBe(`${srv.bus.epoch}:${seq}`);
    expect(f.event).toBe("signal");
    expect(JSON.parse(f.data)).toMatchObject({ type: "signal", seq, topic: "strategy.MACD_Divergence.signal" });
  });

  it("writes a batch of events in one chunk (coalesced per tick)", async () => {
    const s = open();
    await connected(s);
    const before = s.chunks.length;
    await publishSeqs(Array.from({ length: 20 }, (_, i) => body(trade(`c-${i}`))));
    await s.waitEvents(20);
    const eventChunks = s.chunks.slice(before).filter((c) => c.includes("id: "));
    expect(eventChunks.length).toBe(1);
  });

  it("sends `: heartbeat` comments and `heartbeat` events (no id) that a native EventSource can see", async () => {
    const s = open();
    await connected(s);
    await waitFor(() => s.parser.comments.filter((c) => c === "heartbeat").length >= 2, { what: "two heartbeats" });
    const beat = s.frames.find((f) => f.event === "heartbeat")!;
    expect(beat.id).toBeUndefined();
    expect(JSON.parse(beat.data)).toEqual({
      type: "heartbeat",
      server_time: expect.any(String),
      current_seq: srv.bus.currentSeq(),
    });
  });

  it("applies topics and filters from the query", async () => {
    const s = open("?topics=strategy.*.signal&strategies=Volume_Spike&types=signal&min_confidence=0.6");
    await connected(s);
    const seqs = await publishSeqs([
      body(signal("Volume_Spike", 0.9)),
      body(signal("Volume_Spike", 0.1)),
      body(signal("RSI_Oversold", 0.9)),
      body(trade("sse-f")),
    ]);
    await s.waitEvents(1);
    await Bun.sleep(30);
    expect(s.seqs()).toEqual([seqs[0]!]);
  });

  it("resumes from Last-Event-ID (which wins over last_seq) with exactly the missed events, then `replayed`", async () => {
    const first = await publishSeqs(body(trade("l-0")));
    const missed = await publishSeqs(Array.from({ length: 10 }, (_, i) => body(trade(`l-${i + 1}`))));
    await publishSeqs(body(systemAlert()));
    const s = open("?topics=trade.>&last_seq=0", { "Last-Event-ID": `${srv.bus.epoch}:${first[0]}` });
    await s.waitFrames((f) => f.some((x) => x.event === "replayed"), 3_000, "replayed");
    expect(s.seqs()).toEqual(missed);
    const replayed = s.control("replayed")[0] as { count: number; truncated: boolean };
    expect(replayed).toMatchObject({ count: 10, truncated: false });
    expect(s.frames.findIndex((f) => f.event === "replayed")).toBe(2 + 10);
  });

  it("resumes from last_seq when there is no header", async () => {
    const seqs = await publishSeqs([body(trade("q-1")), body(trade("q-2"))]);
    const s = open(`?topics=trade.>&last_seq=${seqs[0]}`);
    await s.waitFrames((f) => f.some((x) => x.event === "replayed"), 3_000, "replayed");
    expect(s.seqs()).toEqual([seqs[1]!]);
  });

  it("refuses a bad query or Last-Event-ID with 400 JSON naming it", async () => {
    const bad = await fetch(`${srv.url}/sse?types=nope`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { parameter: string }).parameter).toBe("types");
    const header = await fetch(`${srv.url}/sse`, { headers: { "Last-Event-ID": "x:y:z" } });
    expect(header.status).toBe(400);
    expect(await header.json()).toMatchObject({ error: "invalid_resume", parameter: "Last-Event-ID" });
  });

  it("forgets a stream when the client goes away", async () => {
    const before = srv.hub.stats().clients.sse;
    const s = open();
    await connected(s);
    expect(srv.hub.stats().clients.sse).toBe(before + 1);
    await s.close();
    await waitFor(() => srv.hub.stats().clients.sse === before, { what: "the SSE session to be closed" });
  });

  it("works with a real EventSource, which reconnects and resumes with Last-Event-ID", async () => {
    const got: number[] = [];
    const es = new EventSource(`${srv.url}/sse?topics=trade.>`);
    try {
      es.addEventListener("trade", (e) => got.push(JSON.parse(e.data).seq));
      await new Promise((resolve) => es.addEventListener("connected", resolve, { once: true }));
      const a = await publishSeqs([body(trade("es-1")), body(trade("es-2"))]);
      await waitFor(() => got.length === 2, { what: "2 events" });
      // Cut every SSE stream server-side; EventSource reconnects after `retry` with Last-Event-ID.
      const replayed = new Promise((resolve) => es.addEventListener("replayed", resolve, { once: true }));
      srv.hub.closeAll(1001, "test");
      const b = await publishSeqs([body(trade("es-3")), body(trade("es-4"))]);
      await replayed;
      await waitFor(() => got.length === 4, { timeoutMs: 5_000, what: "4 events" });
      expect(got).toEqual([...a, ...b]);
    } finally {
      es.close();
    }
  });
});

describe("/sse slow clients", () => {
  it("closes a stream whose client stops reading, counts it, and releases the socket", async () => {
    const s = await startTestServer({ SSE_BUFFER_LIMIT: "64KiB", SSE_SLOW_SOFT_LIMIT: "16KiB" });
    let raw: Awaited<ReturnType<typeof Bun.connect>> | undefined;
    let rawClosed = false;
    try {
      raw = await Bun.connect({
        hostname: "127.0.0.1",
        port: s.port,
        socket: {
          data() {},
          end() {
            rawClosed = true;
          },
          close() {
            rawClosed = true;
          },
          open(sock) {
            sock.write("GET /sse HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n");
          },
        },
      });
      raw.pause?.();
      await waitFor(() => s.hub.stats().clients.sse === 1, { what: "the raw SSE client" });
      const batch = Array.from({ length: 100 }, () => body(systemAlert("s".repeat(1_900))));
      for (let i = 0; i < 300 && s.hub.counters.slowDisconnects.sse === 0; i++) {
        await publish(s.url, batch);
        await Bun.sleep(1);
      }
      expect(s.hub.counters.slowDisconnects.sse).toBe(1);
      expect(s.hub.counters.laggedDisconnects.sse).toBe(1);
      expect(s.hub.stats().clients.sse).toBe(0);
      // Ending the body is not enough for a peer that stopped reading: the server must let the
      // socket go (Bun's idle timeout is re-armed; its timer ticks in ~4 s steps). When the client
      // reads again it gets the rest, then the end of the connection.
      raw.resume?.();
      await waitFor(() => rawClosed, { timeoutMs: 8_000, intervalMs: 50, what: "the server to close the socket" });
    } finally {
      raw?.end();
      await s.stop();
    }
  }, 30_000);
});
