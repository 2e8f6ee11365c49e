/**
 * A miniature hub for the stress tool's own tests: publish, /ws and /sse with resume, health and
 * /metrics, following the hub's wire format (README, Protocol in brief). Faults can be injected (drop or double events for
 * one connection) to prove the stress report catches them. Not the real hub: that one is tested
 * in /tests.
 */
import type { HubEvent } from "@tickerwire/protocol";
import { compilePatterns, decodePublish, encodeEvent, parsePatternList, parseResumeToken } from "@tickerwire/protocol";

export interface StreamHubFaults {
  /** For the first connection opened: skip every event whose seq is a multiple of this. */
  dropEvery?: number;
  /** For the first connection opened: send every event twice. */
  duplicate?: boolean;
}

export interface FakeStreamHub {
  url: string;
  events: HubEvent[];
  stop(): void;
}

type Sink = { match: (topic: string) => boolean; send: (e: HubEvent) => void };

export function startFakeStreamHub(faults: StreamHubFaults = {}): FakeStreamHub {
  const epoch = "fake1";
  const events: HubEvent[] = [];
  const sinks = new Set<Sink>();
  let connections = 0;
  const enc = new TextEncoder();

  /** A sink for one connection; the first one gets the injected faults. */
  const sinkFor = (topics: string | null, write: (e: HubEvent) => void): Sink => {
    const faulty = connections++ === 0;
    const send = (e: HubEvent) => {
      if (faulty && faults.dropEvery && e.seq % faults.dropEvery === 0) return;
      write(e);
      if (faulty && faults.duplicate) write(e);
    };
    return { match: compilePatterns(parsePatternList(topics).patterns), send };
  };
  const connected = (topics: string | null) => ({
    type: "connected",
    session_id: crypto.randomUUID(),
    server_time: new Date().toISOString(),
    epoch,
    current_seq: events.length,
    topics: parsePatternList(topics).patterns,
  });
  const replay = (sink: Sink, after: number) => {
    const missed = events.slice(after).filter((e) => sink.match(e.topic));
    for (const e of missed) sink.send(e);
    return { type: "replayed", count: missed.length, truncated: false, from_seq: after, to_seq: events.length, epoch };
  };

  const server = Bun.serve<{ sink?: Sink; topics: string | null; after: number | null }>({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(req, srv) {
      const url = new URL(req.url);
      const topics = url.searchParams.get("topics");
      const resume = parseResumeToken(req.headers.get("last-event-id") ?? url.searchParams.get("last_seq"));
      if (url.pathname === "/api/v1/events" && req.method === "POST") {
        const d = decodePublish(await req.text());
        if (!d.ok) return Response.json({ error: d.error.code, message: d.error.message }, { status: 400 });
        const first = events.length + 1;
        const batch = d.value.map(
          (p, i) => ({ ...p, seq: first + i, timestamp: new Date().toISOString() }) as HubEvent,
        );
        for (const e of batch) {
          events.push(e);
          for (const s of sinks) if (s.match(e.topic)) s.send(e);
        }
        return Response.json({ seqs: batch.map((e) => e.seq), duplicate: false }, { status: 202 });
      }
      if (url.pathname === "/ws") {
        return srv.upgrade(req, { data: { topics, after: resume?.seq ?? null } })
          ? undefined
          : new Response("upgrade failed", { status: 400 });
      }
      if (url.pathname === "/sse") {
        srv.timeout(req, 0);
        let sink: Sink | undefined;
        const body = new ReadableStream<Uint8Array>({
          start(c) {
            const write = (text: string) => c.enqueue(enc.encode(text));
            write(`retry: 500\n\nevent: connected\ndata: ${JSON.stringify(connected(topics))}\n\n`);
            sink = sinkFor(topics, (e) =>
              write(`id: ${epoch}:${e.seq}\nevent: ${e.type}\ndata: ${encodeEvent(e)}\n\n`),
            );
            if (resume) write(`event: replayed\ndata: ${JSON.stringify(replay(sink, resume.seq))}\n\n`);
            sinks.add(sink);
          },
          cancel() {
            if (sink) sinks.delete(sink);
          },
        });
        req.signal.addEventListener("abort", () => sink && sinks.delete(sink));
        return new Response(body, { headers: { "content-type": "text/event-stream", "cache-control": "no-cache" } });
      }
      if (url.pathname === "/api/v1/health") return Response.json({ status: "ok", current_seq: events.length });
      if (url.pathname === "/metrics") {
        const m = process.memoryUsage().rss;
        const cpu = process.cpuUsage();
        return new Response(
          `process_resident_memory_bytes ${m}\nprocess_cpu_seconds_total ${(cpu.user + cpu.system) / 1e6}\n`,
        );
      }
      return Response.json({ error: "not_found" }, { status: 404 });
    },
    websocket: {
      perMessageDeflate: false,
      open(ws) {
        ws.send(JSON.stringify(connected(ws.data.topics)));
        const sink = sinkFor(ws.data.topics, (e) => ws.send(encodeEvent(e)));
        ws.data.sink = sink;
        if (ws.data.after !== null) ws.send(JSON.stringify(replay(sink, ws.data.after)));
        sinks.add(sink);
      },
      message() {},
      close(ws) {
        if (ws.data.sink) sinks.delete(ws.data.sink);
      },
    },
  });
  return { url: `http://127.0.0.1:${server.port}`, events, stop: () => void server.stop(true) };
}
