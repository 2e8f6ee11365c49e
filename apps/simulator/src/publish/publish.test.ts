import { describe, expect, it } from "bun:test";
import type { PublishableEvent } from "@tickerwire/protocol";
import { alertEvent } from "../events.ts";
import { PublisherClosedError, PublishGaveUpError, PublishRejectedError } from "./errors.ts";
import type { AcceptedBatch } from "./http-publisher.ts";
import { createHttpPublisher } from "./http-publisher.ts";
import type { FetchLike } from "./post-batch.ts";
import { classifyStatus } from "./retry-policy.ts";

const ev = (i: number): PublishableEvent => alertEvent({ message: `event ${i}`, severity: "info", kind: "system" });
const evs = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ev(from + i));

interface Call {
  url: string;
  key: string | null;
  body: string;
  items: number;
}

/**
 * A fake hub behind `fetch`: assigns seqs, remembers idempotency keys (same key → same seqs,
 * nothing new), and plays a script of failures before answering normally.
 */
function fakeHub(script: Array<"network" | "lost" | "hang" | number> = []) {
  const calls: Call[] = [];
  const published: unknown[] = [];
  const byKey = new Map<string, number[]>();
  const fetch: FetchLike = async (url, init) => {
    const headers = new Headers(init.headers);
    const body = String(init.body);
    const key = headers.get("idempotency-key");
    calls.push({ url, key, body, items: (JSON.parse(body) as unknown[]).length });
    const step = script.shift();
    if (step === "network") throw new TypeError("fetch failed: connection refused");
    if (step === "hang") {
      return new Promise<Response>((_, reject) => {
        init.signal?.addEventListener("abort", () => reject(new DOMException("timed out", "TimeoutError")));
      });
    }
    if (typeof step === "number") {
      const error = step === 400 ? "invalid_event" : "unavailable";
      const issues = step === 400 ? [{ index: 0, path: ["data", "message"], message: "too long" }] : undefined;
      return Response.json({ error, message: `status ${step}`, issues }, { status: step });
    }
    let seqs = key ? byKey.get(key) : undefined;
    const duplicate = seqs !== undefined;
    if (!seqs) {
      const items = JSON.parse(body) as unknown[];
      seqs = items.map((it) => published.push(it));
      if (key) byKey.set(key, seqs);
    }
    // "lost": the hub accepted the batch but the answer never reached us.
    if (step === "lost") throw new TypeError("socket closed before the response");
    return Response.json({ seqs, duplicate }, { status: 202 });
  };
  return { fetch, calls, published };
}

const noSleep = () => {
  const delays: number[] = [];
  return { delays, sleep: async (ms: number) => void delays.push(ms) };
};

describe("retry policy", () => {
  it("retries 5xx, 408 and 429; stops on other 4xx", () => {
    expect(classifyStatus(202)).toBe("ok");
    for (const s of [500, 502, 503, 504, 408, 429]) expect(classifyStatus(s)).toBe("retry");
    for (const s of [400, 401, 403, 404, 409, 413, 422]) expect(classifyStatus(s)).toBe("fatal");
  });
});

describe("HttpPublisher: batching", () => {
  it("sends full batches at once and the rest right after, each with its own key", async () => {
    const hub = fakeHub();
    const p = createHttpPublisher({ url: "http://hub.test", fetch: hub.fetch, maxBatch: 3, lingerMs: 10_000 });
    await p.publish(evs(7));
    await p.flush();
    expect(hub.calls.map((c) => c.items)).toEqual([3, 3, 1]);
    expect(new Set(hub.calls.map((c) => c.key)).size).toBe(3);
    expect(hub.calls[0]?.url).toBe("http://hub.test/api/v1/events");
    expect(JSON.parse(hub.calls[0]?.body ?? "")[0]).toEqual({
      topic: "system.alert",
      data: { message: "event 0", severity: "info", kind: "system" },
    });
    expect(p.stats).toMatchObject({ state: "ok", accepted: 7, batches: 3, lastSeq: 7, queued: 0 });
  });

  it("keeps each batch under the byte limit", async () => {
    const hub = fakeHub();
    const p = createHttpPublisher({ url: "http://hub.test", fetch: hub.fetch, maxBatch: 1_000, maxBatchBytes: 500 });
    const big = (i: number) => alertEvent({ message: `${i} ${"x".repeat(150)}`, severity: "info", kind: "system" });
    await p.publish(Array.from({ length: 7 }, (_, i) => big(i)));
    await p.flush();
    // each item is ~210 bytes of JSON: two fit in 500 bytes, a third would not
    expect(hub.calls.map((c) => c.items)).toEqual([2, 2, 2, 1]);
    expect(hub.calls.every((c) => c.body.length <= 500)).toBe(true);
  });

  it("sends a partial batch once it has lingered", async () => {
    const hub = fakeHub();
    const p = createHttpPublisher({ url: "http://hub.test", fetch: hub.fetch, maxBatch: 100, lingerMs: 20 });
    await p.publish(evs(2));
    await p.publish(evs(1, 2));
    expect(hub.calls).toHaveLength(0);
    for (let i = 0; i < 50 && hub.calls.length === 0; i++) await Bun.sleep(5);
    expect(hub.calls.map((c) => c.items)).toEqual([3]);
    await p.close();
  });

  it("makes publish() wait while the queue is over its limit (backpressure)", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const hub = fakeHub();
    const slow: FetchLike = async (url, init) => {
      await gate;
      return hub.fetch(url, init);
    };
    const p = createHttpPublisher({ url: "http://hub.test", fetch: slow, maxBatch: 5, lingerMs: 0, maxQueued: 10 });
    await p.publish(evs(5)); // goes in flight, blocked at the gate
    let done = false;
    const pending = p.publish(evs(20, 5)).then(() => {
      done = true;
    });
    await Bun.sleep(20);
    expect(done).toBe(false);
    release();
    await pending;
    await p.flush();
    expect(hub.published).toHaveLength(25);
  });
});

describe("HttpPublisher: retries", () => {
  it("retries network errors and 5xx with the same Idempotency-Key and the same body", async () => {
    const hub = fakeHub(["network", 503, 500]);
    const { delays, sleep } = noSleep();
    const accepted: AcceptedBatch[] = [];
    const p = createHttpPublisher({
      url: "http://hub.test",
      fetch: hub.fetch,
      sleep,
      random: () => 0.5,
      backoff: { minMs: 100, maxMs: 10_000, factor: 2 },
      onAccepted: (b) => accepted.push(b),
    });
    await p.publish(evs(4));
    await p.flush();
    expect(hub.calls).toHaveLength(4);
    expect(new Set(hub.calls.map((c) => c.key)).size).toBe(1);
    expect(new Set(hub.calls.map((c) => c.body)).size).toBe(1);
    expect(delays).toEqual([50, 100, 200]); // 0.5 × 100·2^n
    expect(accepted).toEqual([
      {
        key: hub.calls[0]?.key as string,
        seqs: [1, 2, 3, 4],
        topics: ["system.alert", "system.alert", "system.alert", "system.alert"],
        sentAt: expect.any(Number),
        attempts: 4,
        duplicate: false,
      },
    ]);
    expect(p.stats).toMatchObject({ state: "ok", retries: 3, accepted: 4 });
  });

  it("without backoff options, waits the SDK's full-jitter delays from 200 ms, capped at 10 s", async () => {
    const hub = fakeHub([503, 503, 503, 503, 503, 503, 503, 503]);
    const { delays, sleep } = noSleep();
    const p = createHttpPublisher({ url: "http://hub.test", fetch: hub.fetch, sleep, random: () => 0.5 });
    await p.publish(evs(1));
    await p.flush();
    expect(delays).toEqual([100, 200, 400, 800, 1600, 3200, 5000, 5000]); // 0.5 × min(10 s, 200·2^n)
  });

  it("does not duplicate a batch the hub accepted when only the answer was lost", async () => {
    const hub = fakeHub(["lost"]);
    const accepted: AcceptedBatch[] = [];
    const p = createHttpPublisher({
      url: "http://hub.test",
      fetch: hub.fetch,
      maxBatch: 3,
      sleep: noSleep().sleep,
      onAccepted: (b) => accepted.push(b),
    });
    await p.publish(evs(3));
    await p.publish(evs(2, 3));
    await p.flush();
    // The first batch reached the hub twice but was published once; the retry got the same seqs.
    expect(hub.published).toHaveLength(5);
    expect(accepted[0]).toMatchObject({ seqs: [1, 2, 3], duplicate: true, attempts: 2 });
    expect(accepted[1]).toMatchObject({ seqs: [4, 5], duplicate: false });
  });

  it("retries a request that times out", async () => {
    const hub = fakeHub(["hang"]);
    const p = createHttpPublisher({
      url: "http://hub.test",
      fetch: hub.fetch,
      sleep: noSleep().sleep,
      requestTimeoutMs: 30,
    });
    await p.publish(evs(1));
    await p.flush();
    expect(hub.calls).toHaveLength(2);
    expect(hub.calls[0]?.key).toBe(hub.calls[1]?.key as string);
    expect(p.stats.lastError).toContain("TimeoutError");
  });

  it("stops on a 4xx with the hub's reason, and refuses further events", async () => {
    const hub = fakeHub([400]);
    const p = createHttpPublisher({ url: "http://hub.test", fetch: hub.fetch, sleep: noSleep().sleep });
    await p.publish(evs(2));
    const err = await p.flush().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PublishRejectedError);
    const r = err as PublishRejectedError;
    expect(r.status).toBe(400);
    expect(r.code).toBe("invalid_event");
    expect(r.issues).toEqual([{ index: 0, path: ["data", "message"], message: "too long" }]);
    expect(r.message).toBe("hub rejected the batch: HTTP 400 invalid_event: status 400");
    expect(hub.calls).toHaveLength(1);
    expect(p.stats.state).toBe("failed");
    await expect(p.publish(evs(1))).rejects.toBeInstanceOf(PublishRejectedError);
  });

  it("gives up after the attempt limit", async () => {
    const hub = fakeHub(["network", "network", "network"]);
    const p = createHttpPublisher({ url: "http://hub.test", fetch: hub.fetch, sleep: noSleep().sleep, maxAttempts: 3 });
    await p.publish(evs(1));
    const err = await p.flush().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PublishGaveUpError);
    expect((err as PublishGaveUpError).attempts).toBe(3);
    expect(hub.calls).toHaveLength(3);
  });

  it("abort() ends a retry loop at once", async () => {
    const hub = fakeHub(Array.from({ length: 100 }, () => "network" as const));
    const p = createHttpPublisher({
      url: "http://hub.test",
      fetch: hub.fetch,
      backoff: { minMs: 60_000, maxMs: 60_000 },
      random: () => 1,
    });
    await p.publish(evs(1));
    const flushed = p.flush().catch((e: unknown) => e);
    await Bun.sleep(10);
    const t0 = Date.now();
    p.abort();
    expect(await flushed).toBeInstanceOf(PublisherClosedError);
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(hub.calls).toHaveLength(1);
  });
});
