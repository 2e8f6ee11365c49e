import { describe, expect, it } from "bun:test";
import { encodeEvent, type HubEvent } from "@tickerwire/protocol";
import { Ledger } from "./ledger.ts";
import { sseDataLines } from "./raw-sse.ts";
import { seqInBytes } from "./seq-scan.ts";
import { walkFrames } from "./ws-frames.ts";

const event = (seq: number) =>
  encodeEvent({
    type: "alert",
    seq,
    topic: "system.alert",
    timestamp: "2026-01-19T10:30:45.123Z",
    data: { message: "x\ny", severity: "info", kind: "system" },
  } as HubEvent);

function collect() {
  const seqs: number[] = [];
  const controls: string[] = [];
  return {
    seqs,
    controls,
    sink: { seq: (s: number) => void seqs.push(s), control: (t: string) => void controls.push(t) },
  };
}

describe("raw SSE lines", () => {
  const stream =
    'retry: 1500\n\nevent: connected\ndata: {"type":"connected","current_seq":4}\n\n: heartbeat\n\n' +
    `id: e:5\nevent: alert\ndata: ${event(5)}\n\nid: e:6\r\nevent: alert\r\ndata:${event(6)}\r\n\r\n`;

  it("reads seqs from data lines and hands control messages over as text, whatever the chunking", () => {
    const bytes = Buffer.from(stream);
    for (let cut = 1; cut < bytes.length; cut += 7) {
      const c = collect();
      let carry = Buffer.alloc(0);
      for (const part of [bytes.subarray(0, cut), bytes.subarray(cut)]) {
        const buf = Buffer.concat([carry, part]);
        carry = Buffer.from(buf.subarray(sseDataLines(buf, 0, c.sink)));
      }
      expect(c.seqs).toEqual([5, 6]);
      expect(c.controls).toEqual(['{"type":"connected","current_seq":4}']);
    }
  });
});

describe("raw WebSocket frames", () => {
  it("finds each text frame's seq in a read holding several frames", () => {
    const frame = (s: string) => {
      const p = Buffer.from(s);
      return Buffer.concat([
        Buffer.from(p.length < 126 ? [0x81, p.length] : [0x81, 126, p.length >> 8, p.length & 255]),
        p,
      ]);
    };
    const buf = Buffer.concat([frame(event(10)), frame('{"type":"pong","server_time":"t"}'), frame(event(11))]);
    const seqs: number[] = [];
    const end = walkFrames(buf, 0, (_op, a, b) => void seqs.push(seqInBytes(buf, a, b)));
    expect(end).toBe(buf.length);
    expect(seqs).toEqual([10, -1, 11]);
  });
});

describe("ledger send times", () => {
  it("knows the send time of acknowledged seqs only, also below the first one and far above it", () => {
    const l = new Ledger();
    l.add([100, 101], ["a", "a"], 5);
    l.add([50], ["a"], 3);
    l.add([5_000], ["a"], 9);
    expect([l.sentAt(100), l.sentAt(101), l.sentAt(50), l.sentAt(5_000)]).toEqual([5, 5, 3, 9]);
    expect(l.sentAt(102)).toBeNaN();
    expect(l.sentAt(49)).toBeNaN();
    expect(l.sentAt(99_999)).toBeNaN();
  });
});
