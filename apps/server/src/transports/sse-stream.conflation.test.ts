import { describe, expect, it } from "bun:test";
import type { PublishableEvent } from "@tickerwire/protocol";
import { candle, metrics, signal, stored, trade } from "../../test/events.ts";
import { SseStream } from "./sse-stream.ts";

/** A stream whose client is not reading (nothing is pulled), with a soft limit for conflation. */
function stalled(softLimit: number, bufferLimit = 1 << 20) {
  const closes: string[] = [];
  let conflated = 0;
  let slow = 0;
  const stream = new SseStream(
    { bufferLimit, softLimit, schedule: () => {}, slowFarewell: "event: error\ndata: lagged\n\n" },
    {
      onClose: (r) => closes.push(r),
      onSlow: () => slow++,
      onConflate: (n) => {
        conflated += n;
      },
    },
  );
  let seq = 0;
  const frame = (e: PublishableEvent) => {
    const s = stored(++seq, e);
    stream.write(`id: ${s.seq}\n\n`, s);
    return s.seq;
  };
  return { stream, closes, frame, counts: () => ({ conflated, slow }) };
}

/** Reads what the stream hands over once the client reads again: the `id:` lines. */
async function idsRead(stream: SseStream): Promise<number[]> {
  const reader = stream.body.getReader();
  const r = await reader.read();
  const text = r.done ? "" : new TextDecoder().decode(r.value);
  return [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
}

describe("SseStream conflation", () => {
  it("below the soft limit, holds every frame", async () => {
    const s = stalled(1 << 20);
    s.frame(metrics("A", 1));
    s.frame(metrics("A", 2));
    expect(s.stream.isConflating).toBe(false);
    expect(await idsRead(s.stream)).toEqual([1, 2]);
  });

  it("past the soft limit, keeps only the newest metrics/candle per stream, every trade and signal, in order", async () => {
    const s = stalled(40); // a few frames
    s.frame(metrics("A", 1)); // 1
    s.frame(trade("t1")); // 2
    s.frame(candle("BTC-USDT", "1m", 100)); // 3
    s.frame(signal()); // 4
    s.frame(metrics("A", 2)); // 5 (passes the soft limit: 1 is removed)
    s.frame(candle("BTC-USDT", "1m", 101)); // 6 (3 removed)
    s.frame(candle("BTC-USDT", "5m", 101)); // 7 (another stream)
    s.frame(metrics("A", 3)); // 8 (5 removed)
    expect(s.stream.isConflating).toBe(true);
    expect(s.counts()).toEqual({ conflated: 3, slow: 1 });
    expect(await idsRead(s.stream)).toEqual([2, 4, 6, 7, 8]);
    expect(s.stream.isConflating).toBe(false);
  });

  it("frames without an event (control, heartbeat) are never conflated", async () => {
    const s = stalled(10);
    s.stream.write(": heartbeat\n\n");
    s.stream.write(": heartbeat\n\n");
    s.frame(metrics("A", 1));
    const reader = s.stream.body.getReader();
    const text = new TextDecoder().decode((await reader.read()).value);
    expect(text.match(/heartbeat/g)).toHaveLength(2);
  });

  it("past the hard limit even after conflation, ends the stream with the lagged farewell", () => {
    const s = stalled(40, 200);
    for (let i = 0; i < 50 && s.closes.length === 0; i++) s.frame(trade(`t${i}`));
    expect(s.closes).toEqual(["slow"]);
    expect(s.stream.isOpen).toBe(false);
  });

  it("metrics and candles alone never reach the hard limit: their backlog is bounded by the number of streams", () => {
    const s = stalled(40, 400);
    for (let i = 0; i < 1_000; i++) s.frame(i % 2 ? metrics(`S${i % 3}`, i) : candle("X-USDT", "1m", 100 + (i % 7)));
    expect(s.closes).toEqual([]);
    expect(s.stream.bufferedAmount()).toBeLessThan(400);
  });
});
