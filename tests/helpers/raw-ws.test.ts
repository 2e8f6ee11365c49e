import { describe, expect, it } from "bun:test";
import { FrameParser } from "./raw-ws.ts";

function frame(opcode: number, payload: Buffer, fin = true, mask?: number[]): Buffer {
  const len = payload.length;
  const head =
    len < 126
      ? Buffer.from([(fin ? 0x80 : 0) | opcode, (mask ? 0x80 : 0) | len])
      : len < 65536
        ? Buffer.from([(fin ? 0x80 : 0) | opcode, (mask ? 0x80 : 0) | 126, len >> 8, len & 0xff])
        : (() => {
            const b = Buffer.alloc(10);
            b[0] = (fin ? 0x80 : 0) | opcode;
            b[1] = (mask ? 0x80 : 0) | 127;
            b.writeBigUInt64BE(BigInt(len), 2);
            return b;
          })();
  if (!mask) return Buffer.concat([head, payload]);
  const masked = Buffer.from(payload.map((x, i) => x ^ (mask[i % 4] as number)));
  return Buffer.concat([head, Buffer.from(mask), masked]);
}

describe("FrameParser", () => {
  it("parses short, 16-bit and 64-bit length text frames split at any byte", () => {
    const texts = ["hi", "x".repeat(300), "y".repeat(70_000)];
    const wire = Buffer.concat(texts.map((t) => frame(1, Buffer.from(t))));
    const p = new FrameParser();
    const got: string[] = [];
    for (let i = 0; i < wire.length; i += 997)
      got.push(...p.push(wire.subarray(i, i + 997)).map((f) => f.payload.toString()));
    expect(got).toEqual(texts);
  });

  it("joins continuation frames and passes control frames through between them", () => {
    const p = new FrameParser();
    const out = p.push(
      Buffer.concat([
        frame(1, Buffer.from("ab"), false),
        frame(9, Buffer.from("ping")),
        frame(0, Buffer.from("cd"), true),
        frame(8, Buffer.from([0x0f, 0xa9, 0x6c, 0x61, 0x67])),
      ]),
    );
    expect(out.map((f) => [f.opcode, f.payload.toString("latin1")])).toEqual([
      [9, "ping"],
      [1, "abcd"],
      [8, "\x0f\xa9lag"],
    ]);
    expect(out[2]?.payload.readUInt16BE(0)).toBe(4009);
  });

  it("unmasks masked frames", () => {
    const p = new FrameParser();
    expect(p.push(frame(1, Buffer.from("secret"), true, [1, 2, 3, 4]))[0]?.payload.toString()).toBe("secret");
  });
});
