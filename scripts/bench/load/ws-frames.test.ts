import { describe, expect, it } from "bun:test";
import {
  clientControlFrame,
  OP_CLOSE,
  OP_PING,
  OP_PONG,
  OP_TEXT,
  upgradeRequest,
  walkFrames,
} from "@tickerwire/simulator/ws-frames";
import { NEEDLE_BYTES, readMarkerBytes } from "./marker.ts";

/** A server frame (unmasked) as a server would write it. */
function serverFrame(opcode: number, payload: Uint8Array): Uint8Array {
  const n = payload.length;
  const head = n < 126 ? [0x80 | opcode, n] : n < 65536 ? [0x80 | opcode, 126, n >> 8, n & 255] : [];
  if (n >= 65536) {
    head.push(0x80 | opcode, 127, 0, 0, 0, 0);
    head.push((n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);
  }
  return Buffer.concat([Uint8Array.from(head), payload]);
}
const text = (s: string) => Buffer.from(s);

function frames(buf: Uint8Array, start = 0) {
  const out: [number, string][] = [];
  const end = walkFrames(buf, start, (op, a, b) => out.push([op, Buffer.from(buf.subarray(a, b)).toString()]));
  return { out, end };
}

describe("walkFrames", () => {
  it("reads short, 16-bit and 64-bit length frames in order", () => {
    const big = "y".repeat(70_000);
    const buf = Buffer.concat([
      serverFrame(OP_TEXT, text("hi")),
      serverFrame(OP_TEXT, text("z".repeat(300))),
      serverFrame(OP_PING, text("p")),
      serverFrame(OP_TEXT, text(big)),
    ]);
    const { out, end } = frames(buf);
    expect(out.map(([op, s]) => [op, s.length])).toEqual([
      [OP_TEXT, 2],
      [OP_TEXT, 300],
      [OP_PING, 1],
      [OP_TEXT, 70_000],
    ]);
    expect(end).toBe(buf.length);
  });
  it("stops before a frame cut anywhere and resumes from there with more bytes", () => {
    const buf = Buffer.concat([serverFrame(OP_TEXT, text("first")), serverFrame(OP_TEXT, text("x".repeat(200)))]);
    for (let cut = 0; cut <= buf.length; cut++) {
      const part = frames(buf.subarray(0, cut));
      const rest = frames(Buffer.concat([buf.subarray(part.end, cut), buf.subarray(cut)]));
      expect([...part.out, ...rest.out].map(([, s]) => s.length)).toEqual([5, 200]);
    }
  });
});

describe("client frames", () => {
  it("builds a masked pong echoing the ping payload", () => {
    const f = clientControlFrame(OP_PONG, text("abc"));
    expect(f[0]).toBe(0x80 | OP_PONG);
    expect(f[1]).toBe(0x80 | 3);
    expect(Buffer.from(f.subarray(6)).toString()).toBe("abc");
  });
  it("builds an empty masked close", () => {
    expect(Array.from(clientControlFrame(OP_CLOSE))).toEqual([0x88, 0x80, 0, 0, 0, 0]);
  });
  it("asks for an upgrade without offering extensions", () => {
    const r = upgradeRequest("127.0.0.1:9", "/ws?topics=system.alert", "a2V5");
    expect(r.startsWith("GET /ws?topics=system.alert HTTP/1.1\r\n")).toBe(true);
    expect(r).toContain("Sec-WebSocket-Key: a2V5\r\n");
    expect(r).not.toContain("Extensions");
    expect(r.endsWith("\r\n\r\n")).toBe(true);
  });
});

describe("readMarkerBytes", () => {
  const buf = Buffer.from('{"data":{"message":"b1:77:1700000000123:xx"}}');
  const at = buf.indexOf(NEEDLE_BYTES);
  it("reads k and send time from raw bytes", () => {
    const got: number[][] = [];
    expect(readMarkerBytes(buf, at, buf.length, (k, t) => got.push([k, t]))).toBe(true);
    expect(got).toEqual([[77, 1_700_000_000_123]]);
  });
  it("refuses a marker cut by the end of its frame", () => {
    const cut = buf.indexOf(":xx");
    expect(readMarkerBytes(buf, at, cut, () => {})).toBe(false);
  });
});
