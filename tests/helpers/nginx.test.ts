/**
 * Proves the two nginx modes behave as the end-to-end tests assume, against a tiny in-process
 * upstream (not the hub): "full" passes WebSockets and streams; "strict" refuses upgrades, buffers
 * responses unless told `X-Accel-Buffering: no`, gzips event streams and cuts idle reads at 5 s.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { rawHttp, upgradeRequest } from "./net.ts";
import type { Nginx } from "./nginx.ts";
import { startNginx } from "./nginx.ts";
import { requireTool, skipWithoutTool } from "./tools.ts";

setDefaultTimeout(15_000);

/** An upstream whose /sse sends one event now and one after `?gap=` ms, then idles (or ends: `?end=1`). */
function startUpstream() {
  return Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    idleTimeout: 0,
    fetch(req, server) {
      const url = new URL(req.url);
      if (url.pathname === "/ws") {
        return server.upgrade(req) ? undefined : new Response("upgrade failed", { status: 400 });
      }
      const gap = Number(url.searchParams.get("gap") ?? 300);
      const headers: Record<string, string> = { "Content-Type": "text/event-stream", "Cache-Control": "no-cache" };
      if (url.searchParams.get("accel") === "no") headers["X-Accel-Buffering"] = "no";
      const body = new ReadableStream<string>({
        async start(c) {
          c.enqueue("data: one\n\n");
          await Bun.sleep(gap);
          c.enqueue("data: two\n\n");
          if (url.searchParams.get("end") === "1") c.close();
        },
      });
      return new Response(body, { headers });
    },
    websocket: {
      message(ws, msg) {
        ws.send(`echo:${msg}`);
      },
    },
  });
}

/** Reads an SSE response until `n` data lines arrived or `ms` passed; returns their arrival offsets. */
async function timeDataLines(url: string, n: number, ms: number) {
  const start = Date.now();
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), ms);
  const at: number[] = [];
  let ended = false;
  let encoding: string | null = null;
  try {
    const res = await fetch(url, { signal: ctrl.signal });
    encoding = res.headers.get("content-encoding");
    const decoder = new TextDecoder();
    for await (const chunk of res.body as ReadableStream<Uint8Array>) {
      for (const _ of decoder.decode(chunk, { stream: true }).matchAll(/^data: /gm)) at.push(Date.now() - start);
      if (at.length >= n) break;
    }
    ended = at.length < n;
  } catch {
    // Either our deadline aborted it, or the proxy cut the chunked body short.
    ended = !ctrl.signal.aborted;
  } finally {
    clearTimeout(timer);
    ctrl.abort();
  }
  return { at, ended, encoding, elapsed: Date.now() - start };
}

describe.skipIf(skipWithoutTool("nginx"))("nginx test proxy", () => {
  const upstream = startUpstream();
  let full: Nginx;
  let strict: Nginx;
  beforeAll(async () => {
    requireTool("nginx");
    full = await startNginx(upstream.url.href, "full");
    strict = await startNginx(upstream.url.href, "strict");
  });
  afterAll(async () => {
    await full?.stop();
    await strict?.stop();
    upstream.stop(true);
  });

  test("full mode proxies WebSocket frames both ways", async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${full.port}/ws`);
    const reply = await new Promise<string>((resolve, reject) => {
      ws.onopen = () => ws.send("hi");
      ws.onmessage = (e) => resolve(String(e.data));
      ws.onerror = () => reject(new Error("ws through full nginx failed"));
    });
    ws.close();
    expect(reply).toBe("echo:hi");
  });

  test("full mode passes each SSE event on at once", async () => {
    const r = await timeDataLines(`${full.url}/sse?gap=800`, 2, 3000);
    expect(r.at).toHaveLength(2);
    expect(r.at[0] as number).toBeLessThan(500);
  });

  test("strict mode refuses a WebSocket upgrade with 403", async () => {
    const head = await rawHttp(strict.port, upgradeRequest("/ws", strict.port));
    expect(head.split("\r\n")[0]).toBe("HTTP/1.1 403 Forbidden");
  });

  test("strict mode holds back a stream that does not opt out of buffering", async () => {
    // Without X-Accel-Buffering the first event waits in nginx's buffer until the upstream ends.
    const r = await timeDataLines(`${strict.url}/sse?gap=1500&end=1`, 2, 4000);
    expect(r.at).toHaveLength(2);
    expect(r.at[0] as number).toBeGreaterThanOrEqual(1400);
  });

  test("strict mode gzips event streams but passes each event on at once with X-Accel-Buffering: no", async () => {
    const r = await timeDataLines(`${strict.url}/sse?gap=1500&accel=no`, 2, 4000);
    expect(r.encoding).toBe("gzip");
    expect(r.at).toHaveLength(2);
    expect(r.at[0] as number).toBeLessThan(500);
  });

  test("strict mode cuts a stream that stays silent for longer than 5 s", async () => {
    const r = await timeDataLines(`${strict.url}/sse?gap=60000&accel=no`, 2, 9000);
    expect(r.at).toHaveLength(1);
    expect(r.ended).toBe(true);
    expect(r.elapsed).toBeGreaterThanOrEqual(4500);
    expect(r.elapsed).toBeLessThan(8000);
  });
});
