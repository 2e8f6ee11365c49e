/**
 * Target "bare dashboard server": the baseline of the browser workload. Serves the same production
 * build of the dashboard (Bun's bundler on apps/dashboard/src/index.html with the hub's options)
 * and speaks just enough of the hub's WebSocket protocol to feed it, with none of the hub's work:
 * on connect it sends `connected`, BARE_EVENTS pre-encoded events (mixed-events.ts, seq 1..N) and
 * `replayed`, then live events when POST /live asks ({rate, durationMs}); it answers pings. Framed
 * like the hub: one event per message, or — for a client that asks with `batch=1` — events frames
 * of 250 (the hub's replay chunk) and one frame per 5 ms tick live (the hub: one per bus batch).
 * So the page, not the server, is what is measured.
 */
import { join } from "node:path";
import { encodeEventsFrame } from "@tickerwire/protocol";
import type { ServerWebSocket } from "bun";
import { mixedWire } from "../load/mixed-events.ts";

const N = Number(process.env.BARE_EVENTS ?? 40_000);
const EPOCH = "bare0001";
const root = join(import.meta.dir, "../../..");

const build = await Bun.build({
  entrypoints: [join(root, "apps/dashboard/src/index.html")],
  target: "browser",
  minify: true,
  splitting: true,
  publicPath: "/",
  define: { "process.env.NODE_ENV": '"production"' },
});
if (!build.success) throw new Error(`the dashboard did not build: ${build.logs[0]?.message}`);
const files = new Map<string, { bytes: Uint8Array<ArrayBuffer>; type: string }>();
for (const o of build.outputs) {
  const path = `/${o.path.replace(/^\.?\//, "")}`;
  files.set(o.type.startsWith("text/html") ? "/" : path, {
    bytes: new Uint8Array(await o.arrayBuffer()),
    type: o.type,
  });
}

const stamp = new Date().toISOString();
const history = Array.from({ length: N }, (_, i) => mixedWire(i, i + 1, stamp));
let seq = N;

function controlFrame(m: Record<string, unknown>): string {
  return JSON.stringify(m);
}

/** Sends the history in corked chunks, waiting for the socket to drain past 4 MB buffered. */
async function replay(ws: ServerWebSocket<{ batch: boolean }>): Promise<void> {
  for (let i = 0; i < history.length; i += 1000) {
    ws.cork(() => {
      const chunk = history.slice(i, i + 1000);
      if (!ws.data.batch) for (const json of chunk) ws.send(json);
      else for (let j = 0; j < chunk.length; j += 250) ws.send(encodeEventsFrame(chunk.slice(j, j + 250)));
    });
    while (ws.readyState === 1 && ws.getBufferedAmount() > 4 << 20) await Bun.sleep(1);
  }
  ws.send(controlFrame({ type: "replayed", count: N, truncated: false, from_seq: 1, to_seq: N, epoch: EPOCH }));
  ws.subscribe(ws.data.batch ? "live-frames" : "live");
}

function startLive(rate: number, durationMs: number): void {
  const start = Date.now();
  let sent = 0;
  const tick = () => {
    const elapsed = Date.now() - start;
    const due = Math.floor((rate * Math.min(elapsed, durationMs)) / 1000);
    const now = new Date().toISOString();
    const tickEvents: string[] = [];
    while (sent < due) {
      seq++;
      tickEvents.push(mixedWire(seq - 1, seq, now));
      sent++;
    }
    for (const json of tickEvents) server.publish("live", json);
    if (tickEvents.length > 0) {
      server.publish(
        "live-frames",
        tickEvents.length === 1 ? (tickEvents[0] as string) : encodeEventsFrame(tickEvents),
      );
    }
    if (elapsed < durationMs) setTimeout(tick, 5);
  };
  tick();
}

const server = Bun.serve({
  port: Number(process.env.PORT ?? 0),
  hostname: process.env.HOST ?? "127.0.0.1",
  async fetch(req, srv) {
    const path = new URL(req.url).pathname;
    if (path === "/ws") {
      const batch = new URL(req.url).searchParams.get("batch") === "1";
      return srv.upgrade(req, { data: { batch } }) ? undefined : new Response("upgrade", { status: 400 });
    }
    if (path === "/live" && req.method === "POST") {
      const o = (await req.json()) as { rate: number; durationMs: number };
      startLive(o.rate, o.durationMs);
      return Response.json({ from_seq: seq + 1 }, { status: 202 });
    }
    const f = files.get(path);
    return f
      ? new Response(f.bytes, { headers: { "Content-Type": f.type } })
      : new Response("not found", { status: 404 });
  },
  websocket: {
    data: {} as { batch: boolean },
    open(ws) {
      ws.send(
        controlFrame({
          type: "connected",
          session_id: crypto.randomUUID(),
          server_time: new Date().toISOString(),
          epoch: EPOCH,
          current_seq: seq,
          topics: [">"],
          transport: "ws",
        }),
      );
      void replay(ws);
    },
    message(ws, raw) {
      try {
        const m = JSON.parse(String(raw)) as { type?: string; t?: number };
        if (m.type === "ping") {
          ws.send(
            controlFrame({
              type: "pong",
              ...(m.t !== undefined ? { t: m.t } : {}),
              server_time: new Date().toISOString(),
            }),
          );
        }
      } catch {
        // not for us
      }
    },
  },
});

console.log(`listening http://${server.hostname}:${server.port}`);
