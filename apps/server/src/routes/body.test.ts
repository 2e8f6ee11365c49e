import { describe, expect, it } from "bun:test";
import { readBodyLimited } from "./body.ts";

function streamed(parts: string[]): Request {
  const enc = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    pull(c) {
      const p = parts.shift();
      if (p === undefined) c.close();
      else c.enqueue(enc.encode(p));
    },
  });
  return new Request("http://x/", { method: "POST", body: stream });
}

describe("readBodyLimited", () => {
  it("reads a body within the limit, joining chunks", async () => {
    const r = await readBodyLimited(streamed(["ab", "cd", "e"]), 5);
    expect(r.ok && new TextDecoder().decode(r.bytes)).toBe("abcde");
  });

  it("stops reading once a body without Content-Length passes the limit", async () => {
    const req = streamed(["abc", "def", "ghi"]);
    expect(req.headers.get("content-length")).toBeNull();
    expect(await readBodyLimited(req, 5)).toEqual({ ok: false, received: 6 });
  });

  it("refuses a declared Content-Length over the limit without reading", async () => {
    const req = new Request("http://x/", { method: "POST", body: "x".repeat(10), headers: { "Content-Length": "10" } });
    expect(await readBodyLimited(req, 5)).toEqual({ ok: false, received: 10 });
    expect(req.bodyUsed).toBe(false);
  });

  it("reads a body with a declared Content-Length within the limit in one go", async () => {
    const req = new Request("http://x/", { method: "POST", body: "abcd", headers: { "Content-Length": "4" } });
    const r = await readBodyLimited(req, 5);
    expect(r.ok && new TextDecoder().decode(r.bytes)).toBe("abcd");
  });

  it("treats a missing body as empty", async () => {
    const r = await readBodyLimited(new Request("http://x/", { method: "POST" }), 5);
    expect(r.ok && r.bytes.byteLength).toBe(0);
  });
});
