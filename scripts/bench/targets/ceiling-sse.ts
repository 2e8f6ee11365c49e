/**
 * Target "ceiling-sse": the bare SSE broadcaster the issue compares the hub with — one
 * ReadableStream per client and one `enqueue` per event per stream (the usual way to write SSE on
 * Bun; no coalescing of our own). POST /publish takes the hub's publish body, like ceiling-ws.
 */
import { type AlertData, encodeEvent } from "@tickerwire/protocol";
import type { BenchPublishItem } from "../load/marker.ts";

const encoder = new TextEncoder();
const streams = new Set<ReadableStreamDefaultController<Uint8Array>>();
let seq = 0;

function broadcast(chunk: Uint8Array): void {
  for (const c of streams) {
    try {
      c.enqueue(chunk);
    } catch {
      streams.delete(c); // the client went away between its cancel and our write
    }
  }
}

const server = Bun.serve({
  port: Number(process.env.PORT ?? 0),
  hostname: process.env.HOST ?? "127.0.0.1",
  async fetch(req, srv) {
    const path = new URL(req.url).pathname;
    if (path === "/sse") {
      srv.timeout(req, 0); // Bun's idle timeout would end a quiet stream after 10 s
      let ctl: ReadableStreamDefaultController<Uint8Array>;
      const body = new ReadableStream<Uint8Array>({
        start(c) {
          ctl = c;
          streams.add(c);
          c.enqueue(encoder.encode("retry: 1000\n\n"));
        },
        cancel() {
          streams.delete(ctl);
        },
      });
      return new Response(body, {
        headers: { "content-type": "text/event-stream", "cache-control": "no-cache, no-transform" },
      });
    }
    if (path === "/publish" && req.method === "POST") {
      const parsed = (await req.json()) as BenchPublishItem | BenchPublishItem[];
      const items = Array.isArray(parsed) ? parsed : [parsed];
      const first = seq + 1;
      for (const it of items) {
        const timestamp = new Date().toISOString();
        const json = encodeEvent({ type: "alert", seq: ++seq, topic: it.topic, timestamp, data: it.data as AlertData });
        broadcast(encoder.encode(`id: ${seq}\nevent: alert\ndata: ${json}\n\n`));
      }
      return Response.json({ first, last: seq }, { status: 202 });
    }
    return new Response("not found", { status: 404 });
  },
});

console.log(`listening http://${server.hostname}:${server.port}`);
