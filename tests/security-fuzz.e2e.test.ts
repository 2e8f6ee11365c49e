/**
 * Hostile input against a real hub process, bounded in time (~15 s of fuzzing): arbitrary bytes,
 * deeply nested JSON, huge numbers, `__proto__` keys, invalid UTF-8 and truncated input at every
 * entrance — the publish API, WebSocket control messages (text, binary, raw malformed frames),
 * the query parameters of /ws, /sse and /api/v1/events, and Last-Event-ID. The hub must answer
 * each with a clear 4xx error (never 5xx), keep a control client receiving every event
 * throughout, and store nothing invalid.
 */
import { afterAll, beforeAll, expect, setDefaultTimeout, test } from "bun:test";
import { decodePublish, HubEvent, TOPICS } from "@tickerwire/protocol";
import fc from "fast-check";
import { signal, uniqueStrategy } from "./helpers/fixtures.ts";
import { type StartedHub, startHub } from "./helpers/hub.ts";
import { openWs } from "./helpers/security.ts";
import { waitUntil } from "./helpers/wait.ts";

setDefaultTimeout(90_000);
let hub: StartedHub;
beforeAll(async () => {
  // Limits high enough that the fuzzer exercises parsing, not the rate limiters.
  hub = await startHub({
    env: {
      WS_MSG_RATE: "100000",
      CONN_RATE_PER_IP: "100000",
      CONN_BURST_PER_IP: "100000",
      PUBLISH_RATE: "100000",
      MAX_CONN_PER_IP: "1000",
    },
  });
});
afterAll(() => hub?.dispose());

const SLICE_MS = 2_500;
const serverErrors: string[] = [];
const note = (what: string, status: number, detail: unknown) => {
  if (status >= 500) serverErrors.push(`${what} → ${status}: ${String(detail).slice(0, 200)}`);
};

const nasty = fc.oneof(
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v)),
  fc.integer({ min: 1000, max: 200_000 }).map((n) => `${"[".repeat(n)}${"]".repeat(n)}`),
  fc.integer({ min: 1000, max: 50_000 }).map((n) => `${'{"a":'.repeat(n)}1${"}".repeat(n)}`),
  fc.constantFrom("1e400", "-1e400", "123456789012345678901234567890", "NaN", "Infinity", "null", "true", "[]", "{}"),
  fc.constantFrom(
    '{"__proto__":{"polluted":1},"topic":"trade.executed","data":{}}',
    '{"topic":"trade.executed","data":{"__proto__":{"admin":true},"trade_id":"1","strategy_name":"X","action":"BUY","entry_price":1,"quantity":1}}',
    '{"constructor":{"prototype":{"x":1}}}',
  ),
  fc
    .tuple(
      fc.constantFrom(JSON.stringify(signal("Fuzz", 0)), JSON.stringify({ type: "subscribe", topics: ["trade.>"] })),
      fc.nat(),
    )
    .map(([s, n]) => s.slice(0, n % s.length)), // truncated
  fc
    .record({
      topic: fc.oneof(
        fc.string(),
        fc.constantFrom("strategy.X.signal", "trade.executed", "market.BTC-USDT.1m", "..", ">"),
      ),
      data: fc.jsonValue({ maxDepth: 3 }),
    })
    .map((v) => JSON.stringify(v)),
);
const bytes = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc.constantFrom(
    new Uint8Array([0xff, 0xfe, 0x7b, 0x22]),
    new Uint8Array([0xc3, 0x28]),
    new Uint8Array([0xed, 0xa0, 0x80]),
  ),
);
/** Header values must be ByteStrings: latin-1 without control characters. */
const headerValue = fc.string({
  unit: fc.integer({ min: 0x20, max: 0xff }).map((c) => String.fromCharCode(c)),
  maxLength: 100,
});

async function forSlice(run: () => Promise<void>): Promise<number> {
  const end = Date.now() + SLICE_MS;
  let n = 0;
  while (Date.now() < end) {
    await run();
    n++;
  }
  return n;
}

test("hostile input everywhere: clear errors, no 5xx, control client unaffected, history stays valid", async () => {
  const s = uniqueStrategy("Ctl");
  const control = await openWs(hub.url, `topics=${TOPICS.signal(s)}`);
  expect(control.admitted).toBe(true);
  const published: number[] = [];
  let stopControl = false;
  const controlPublisher = (async () => {
    for (let i = 0; !stopControl && i < 2_000; i++) {
      const r = await fetch(`${hub.url}/api/v1/events`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(signal(s, i)),
      });
      expect(r.status).toBe(202);
      published.push(...((await r.json()) as { seqs: number[] }).seqs);
      await Bun.sleep(20);
    }
  })();

  const counts: Record<string, number> = {};

  // 1. The publish API: strings, bytes, with and without a JSON content type.
  counts.publish = await forSlice(async () => {
    const body = fc.sample(fc.oneof(nasty, bytes), 1)[0]!;
    const r = await fetch(`${hub.url}/api/v1/events`, {
      method: "POST",
      headers: {
        "Content-Type": fc.sample(
          fc.constantFrom("application/json", "text/plain", "application/json; charset=latin1"),
          1,
        )[0]!,
      },
      body,
    });
    const text = await r.text();
    note("publish", r.status, text);
    if (r.status === 202) expect(decodePublish(typeof body === "string" ? body : new Uint8Array(body)).ok).toBe(true);
    else expect(JSON.parse(text).error).toBeString();
  });

  // 2. WebSocket control messages, text and binary, on one socket (reopened if it is closed).
  let ws = await openWs(hub.url, "topics=trade.>");
  const sockets = [ws];
  counts.wsMessages = await forSlice(async () => {
    if (ws.socket.readyState !== 1) {
      ws = await openWs(hub.url, "topics=trade.>");
      sockets.push(ws);
    }
    for (const m of fc.sample(fc.oneof(nasty, bytes), 20)) ws.socket.send(m);
    await Bun.sleep(5);
  });
  // Over every socket used: the last one may have been closed (a limit) before it answered any.
  const errors = () => sockets.flatMap((w) => w.messages).filter((m) => m.type === "error").length;
  await waitUntil(() => errors() > 0, { what: "an error answer to the fuzzed messages" }).catch(() => {});
  expect(errors()).toBeGreaterThan(0);
  // The socket still answers a valid message afterwards (a fresh one if the fuzz got it closed).
  if (ws.socket.readyState !== 1) ws = await openWs(hub.url, "topics=trade.>");
  // Pinged until answered: right after the flood the socket's message budget may be spent.
  await waitUntil(
    () => {
      if (ws.messages.some((m) => m.type === "pong" && m.t === 42)) return true;
      ws.socket.send(JSON.stringify({ type: "ping", t: 42 }));
      return false;
    },
    { everyMs: 250, what: "pong 42" },
  );
  ws.socket.close();

  // 3. Raw, malformed WebSocket frames after a valid handshake (truncated, unmasked, bad opcodes, huge lengths).
  const { port } = new URL(hub.url);
  counts.rawFrames = await forSlice(async () => {
    const payload = fc.sample(
      fc.oneof(
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        fc.constantFrom(
          new Uint8Array([0x81, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), // 2^64 length
          new Uint8Array([0x81, 0x05, 0x48, 0x65]), // unmasked and truncated
          new Uint8Array([0x8f, 0x80, 1, 2, 3, 4]), // reserved opcode
          new Uint8Array([0x81, 0x85, 1, 2, 3]), // truncated mask
        ),
      ),
      1,
    )[0]!;
    await new Promise<void>((done) => {
      const timer = setTimeout(done, 500);
      void Bun.connect({
        hostname: "127.0.0.1",
        port: Number(port),
        socket: {
          open(sock) {
            sock.write(
              `GET /ws?topics=trade.%3E HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
            );
            setTimeout(() => {
              sock.write(payload);
              setTimeout(() => sock.end(), 20);
            }, 20);
          },
          data() {},
          close() {
            clearTimeout(timer);
            done();
          },
          error() {},
        },
      }).catch(() => done());
    });
  });

  // 4. Query parameters and Last-Event-ID of /ws, /sse and /api/v1/events.
  counts.queries = await forSlice(async () => {
    const [path, params, lastEventId] = fc.sample(
      fc.tuple(
        fc.constantFrom("/ws", "/sse", "/api/v1/events"),
        fc.dictionary(
          fc.constantFrom(
            "topics",
            "last_seq",
            "since",
            "limit",
            "epoch",
            "strategies",
            "types",
            "min_confidence",
            "ticket",
            "__proto__",
          ),
          fc.oneof(
            fc.string({ maxLength: 80 }),
            fc.constantFrom("1e400", "-1", "9007199254740993", "a..b", ">,>", "%ff", "\u0000"),
          ),
        ),
        headerValue,
      ),
      1,
    )[0]!;
    const url = `${hub.url}${path}?${new URLSearchParams(params as Record<string, string>)}`;
    const ac = new AbortController();
    const r = await fetch(url, { headers: { "Last-Event-ID": lastEventId }, signal: ac.signal }).catch(
      (e) => e as Error,
    );
    if (r instanceof Error) return;
    if (r.headers.get("content-type")?.includes("event-stream")) {
      expect(r.status).toBe(200);
      ac.abort();
      return;
    }
    const text = await r.text();
    note(`GET ${url}`, r.status, text);
    expect([200, 400, 426]).toContain(r.status);
    if (r.status !== 200) expect(JSON.parse(text).error).toBeString();
  });

  stopControl = true;
  await controlPublisher;
  const signalsSeen = () => control.messages.filter((m) => m.type === "signal").length;
  await waitUntil(() => signalsSeen() >= published.length, { what: "the control events" }).catch(() => {});
  console.log(`fuzz: ${JSON.stringify(counts)}; control events ${published.length}`);

  expect(serverErrors).toEqual([]);
  // The control client got every event published during the fuzzing, in order.
  const got = control.messages.filter((m) => m.type === "signal").map((m) => m.seq);
  expect(got).toEqual(published);
  control.socket.close();

  // History holds only valid events.
  const h = (await (await fetch(`${hub.url}/api/v1/events?since=0&limit=5000`)).json()) as { events: unknown[] };
  for (const e of h.events) expect(HubEvent.safeParse(e).success).toBe(true);
  const health = await fetch(`${hub.url}/api/v1/health`);
  expect(health.status).toBe(200);
  expect(Object.prototype).not.toHaveProperty("polluted");
});
