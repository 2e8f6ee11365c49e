import { afterAll, afterEach, beforeAll, describe, expect, it } from "bun:test";
import { type Bus, BusUnavailableError, createLocalBus } from "@tickerwire/bus";
import { ERROR_CODES } from "@tickerwire/protocol";
import { body, signal, systemAlert, trade } from "../../test/events.ts";
import { publish, startTestServer } from "../../test/server.ts";
import { TestWs } from "../../test/ws-client.ts";

let srv: Awaited<ReturnType<typeof startTestServer>>;
const sockets: TestWs[] = [];

beforeAll(async () => {
  srv = await startTestServer({ MAX_BODY_BYTES: "2048" });
});
afterEach(() => {
  for (const s of sockets.splice(0)) s.close();
});
afterAll(async () => {
  await srv.stop();
});

async function listener(): Promise<TestWs> {
  const c = await TestWs.connect(`${srv.wsUrl}/ws`);
  sockets.push(c);
  return c;
}

type ErrorJson = { error: string; message: string; issues?: { index: number; path: (string | number)[] }[] };

async function expectError(res: Response, status: number, code: string): Promise<ErrorJson> {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toStartWith("application/json");
  const b = (await res.json()) as ErrorJson;
  expect(b.error).toBe(code);
  expect(Object.keys(ERROR_CODES)).toContain(b.error);
  expect(b.message.length).toBeGreaterThan(0);
  return b;
}

describe("POST /api/v1/events", () => {
  it("accepts one event or a batch with 202 and increasing seqs", async () => {
    const one = await publish(srv.url, body(signal()));
    expect(one.status).toBe(202);
    const a = (await one.json()) as { seqs: number[]; duplicate: boolean };
    expect(a.duplicate).toBe(false);
    const many = (await (await publish(srv.url, [body(trade("b1")), body(systemAlert())])).json()) as {
      seqs: number[];
    };
    expect(many.seqs).toEqual([a.seqs[0]! + 1, a.seqs[0]! + 2]);
  });

  it("rejects an invalid batch with 400 and every issue, publishes and delivers nothing", async () => {
    const c = await listener();
    const seqBefore = srv.bus.currentSeq();
    const bad = { ...body(signal()), data: { ...(signal().data as object), confidence: 1.5 } };
    const res = await publish(srv.url, [body(trade("ok")), bad]);
    const b = await expectError(res, 400, "invalid_event");
    expect(b.issues?.[0]).toMatchObject({ index: 1, path: ["data", "confidence"] });
    expect(srv.bus.currentSeq()).toBe(seqBefore);
    // A valid sentinel after it: delivery is in seq order, so once the sentinel arrived anything of
    // the bad batch would have arrived before it.
    const sentinel = (await (await publish(srv.url, body(systemAlert()))).json()) as { seqs: number[] };
    expect(sentinel.seqs).toEqual([seqBefore + 1]);
    await c.waitEvents(1);
    expect(c.seqs()).toEqual(sentinel.seqs);
  });

  it("names an unknown topic", async () => {
    const b = await expectError(await publish(srv.url, { topic: "weather.today", data: {} }), 400, "invalid_event");
    expect(b.issues?.[0]?.path).toEqual(["topic"]);
  });

  it("answers invalid JSON with 400 invalid_json", async () => {
    await expectError(await publish(srv.url, "{oops"), 400, "invalid_json");
  });

  it("answers a body over MAX_BODY_BYTES with 413, by Content-Length and by actual size", async () => {
    const big = JSON.stringify(Array.from({ length: 40 }, () => body(trade("x".repeat(60)))));
    expect(big.length).toBeGreaterThan(2048);
    await expectError(await publish(srv.url, big), 413, "payload_too_large");
    // Chunked, no Content-Length: the limit is enforced while reading.
    const chunks = [big.slice(0, 1000), big.slice(1000)];
    const stream = new ReadableStream<Uint8Array>({
      pull(ctrl) {
        const next = chunks.shift();
        if (next === undefined) ctrl.close();
        else ctrl.enqueue(new TextEncoder().encode(next));
      },
    });
    const res = await fetch(`${srv.url}/api/v1/events`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: stream,
    });
    await expectError(res, 413, "payload_too_large");
  });

  it("refuses a non-JSON content type with 415", async () => {
    const res = await fetch(`${srv.url}/api/v1/events`, {
      method: "POST",
      headers: { "Content-Type": "text/plain" },
      body: JSON.stringify(body(trade())),
    });
    const b = await expectError(res, 415, "unsupported_media_type");
    expect(b.message).toContain("application/json");
  });

  it("refuses other methods with 405 and Allow", async () => {
    const res = await fetch(`${srv.url}/api/v1/events`, { method: "DELETE" });
    await expectError(res, 405, "method_not_allowed");
    expect(res.headers.get("allow")).toBe("GET, POST");
  });

  it("makes a retry with the same Idempotency-Key return the original seqs and publish nothing", async () => {
    const c = await listener();
    const items = [body(trade("idem-1")), body(trade("idem-2"))];
    const first = (await (await publish(srv.url, items, { "Idempotency-Key": "order-77" })).json()) as {
      seqs: number[];
      duplicate: boolean;
    };
    const seqAfterFirst = srv.bus.currentSeq();
    const again = await publish(srv.url, items, { "Idempotency-Key": "order-77" });
    expect(again.status).toBe(202);
    expect(await again.json()).toEqual({ seqs: first.seqs, duplicate: true });
    expect(srv.bus.currentSeq()).toBe(seqAfterFirst);
    await c.waitEvents(2);
    await Bun.sleep(30);
    expect(c.seqs()).toEqual(first.seqs);
  });

  it("answers 409 when an Idempotency-Key is reused for a different request", async () => {
    await publish(srv.url, body(trade("k-1")), { "Idempotency-Key": "reuse-me" });
    await expectError(
      await publish(srv.url, body(trade("k-2")), { "Idempotency-Key": "reuse-me" }),
      409,
      "idempotency_conflict",
    );
  });

  it("refuses a malformed Idempotency-Key", async () => {
    await expectError(
      await publish(srv.url, body(trade()), { "Idempotency-Key": "x".repeat(201) }),
      400,
      "invalid_header",
    );
  });
});

describe("POST when storage is down", () => {
  it("answers 503 unavailable", async () => {
    const real = createLocalBus({ path: ":memory:" });
    const failing: Bus = Object.assign(Object.create(real) as Bus, {
      publish: () => Promise.reject(new BusUnavailableError("disk on fire")),
    });
    const s = await startTestServer({}, { bus: failing });
    try {
      const res = await publish(s.url, body(trade()));
      await expectError(res, 503, "unavailable");
      expect(res.headers.get("retry-after")).toBe("1");
    } finally {
      await s.stop();
      await real.close();
    }
  });
});

describe("GET /api/v1/events", () => {
  it("pages history with topics, filter, since and limit", async () => {
    const s = await startTestServer();
    try {
      await publish(s.url, [
        body(signal("RSI_Oversold", 0.9)),
        body(trade("h-1")),
        body(signal("RSI_Oversold", 0.2)),
        body(signal("Volume_Spike", 0.9)),
        body(signal("RSI_Oversold", 0.95)),
      ]);
      const get = async (qs: string) => {
        const res = await fetch(`${s.url}/api/v1/events?${qs}`);
        expect(res.status).toBe(200);
        return (await res.json()) as {
          events: { seq: number }[];
          truncated: boolean;
          has_more: boolean;
          next_since: number;
          epoch: string;
          current_seq: number;
        };
      };
      const page1 = await get("topics=strategy.*.signal&strategies=RSI_Oversold&min_confidence=0.5&limit=1");
      expect(page1.events.map((e) => e.seq)).toEqual([1]);
      expect(page1).toMatchObject({ has_more: true, truncated: false, epoch: s.bus.epoch, current_seq: 5 });
      const page2 = await get(
        `topics=strategy.*.signal&strategies=RSI_Oversold&min_confidence=0.5&limit=1&since=${page1.next_since}`,
      );
      expect(page2.events.map((e) => e.seq)).toEqual([5]);
      expect(page2.has_more).toBe(false);
      const all = await get("since=0");
      expect(all.events).toHaveLength(5);
      expect(all.events[1]).toMatchObject({ type: "trade", seq: 2, topic: "trade.executed" });
      const otherEpoch = await get("since=3&epoch=elsewhere");
      expect(otherEpoch.truncated).toBe(true);
      expect(otherEpoch.events).toHaveLength(5);
    } finally {
      await s.stop();
    }
  });

  it.each([
    ["since=-1", "since"],
    ["since=abc", "since"],
    ["limit=0", "limit"],
    ["limit=5001", "limit"],
    ["limit=2.5", "limit"],
    ["topics=a..b", "topics"],
    ["epoch=bad%20epoch", "epoch"],
    ["min_confidence=2", "min_confidence"],
  ])("refuses %s with 400 naming the parameter", async (qs, parameter) => {
    const res = await fetch(`${srv.url}/api/v1/events?${qs}`);
    expect(res.status).toBe(400);
    const b = (await res.json()) as { parameter: string; error: string };
    expect(b.parameter).toBe(parameter);
    expect(Object.keys(ERROR_CODES)).toContain(b.error);
  });
});
