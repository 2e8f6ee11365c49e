import { describe, expect, test } from "bun:test";
import { forEachLine, linePrefix, splitLines } from "./lines.ts";

describe("splitLines", () => {
  test("keeps a line cut across chunks until its newline arrives", () => {
    const a = splitLines("", "listen");
    expect(a).toEqual({ lines: [], rest: "listen" });
    const b = splitLines(a.rest, "ing http://x:1\nnext");
    expect(b).toEqual({ lines: ["listening http://x:1"], rest: "next" });
  });

  test("strips CR of CRLF endings and keeps empty lines", () => {
    expect(splitLines("", "a\r\n\r\nb\n")).toEqual({ lines: ["a", "", "b"], rest: "" });
  });
});

describe("forEachLine", () => {
  test("delivers every line of a stream, including an unterminated last one and split UTF-8", async () => {
    const bytes = new TextEncoder().encode("one\nt€o\nthree");
    // Cut inside the 3-byte "€" to prove the decoder is streaming.
    const cut = 6;
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(bytes.slice(0, cut));
        c.enqueue(bytes.slice(cut));
        c.close();
      },
    });
    const seen: string[] = [];
    await forEachLine(stream, (l) => seen.push(l));
    expect(seen).toEqual(["one", "t€o", "three"]);
  });

  test("resolves at once for a missing stream", async () => {
    const seen: string[] = [];
    await forEachLine(null, (l) => seen.push(l));
    expect(seen).toEqual([]);
  });
});

test("linePrefix pads names to a common width", () => {
  expect(linePrefix("sim", 6)).toBe("[sim]    ");
  expect(linePrefix("server", 6)).toBe("[server] ");
});
