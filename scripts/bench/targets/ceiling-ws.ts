/**
 * Target "ceiling-ws": the fastest thing Bun can do — bare Bun.serve WebSockets and one
 * `server.publish` per event, no validation, history, logging or backpressure care. POST /publish
 * takes the hub's publish body (an array of {topic, data}) and broadcasts each as a wire event.
 */
import { type AlertData, encodeEvent } from "@tickerwire/protocol";
import type { BenchPublishItem } from "../load/marker.ts";

let seq = 0;
const server = Bun.serve({
  port: Number(process.env.PORT ?? 0),
  hostname: process.env.HOST ?? "127.0.0.1",
  async fetch(req, srv) {
    const path = new URL(req.url).pathname;
    if (path === "/ws") return srv.upgrade(req) ? undefined : new Response("upgrade failed", { status: 400 });
    if (path === "/publish" && req.method === "POST") {
      const body = (await req.json()) as BenchPublishItem | BenchPublishItem[];
      const items = Array.isArray(body) ? body : [body];
      const first = seq + 1;
      for (const it of items) {
        const timestamp = new Date().toISOString();
        // Not validated: the ceiling trusts the publisher (the data is a full alert already).
        srv.publish(
          "all",
          encodeEvent({ type: "alert", seq: ++seq, topic: it.topic, timestamp, data: it.data as AlertData }),
        );
      }
      return Response.json({ first, last: seq }, { status: 202 });
    }
    return new Response("not found", { status: 404 });
  },
  websocket: {
    open(ws) {
      ws.subscribe("all");
    },
    message() {},
  },
});

console.log(`listening http://${server.hostname}:${server.port}`);
