import { describe, expect, it } from "bun:test";
import zlib from "node:zlib";
import { compressible, etagMatches, IMMUTABLE, precompress } from "./precompressed.ts";

const script = new TextEncoder().encode(`console.log(${JSON.stringify("tickerwire ".repeat(2000))});\n`);
const js = { path: "/chunk-abc.js", type: "text/javascript;charset=utf-8", bytes: script };

function get(accept: string | null, extra: Record<string, string> = {}, method = "GET"): Request {
  const headers: Record<string, string> = { ...extra };
  if (accept !== null) headers["Accept-Encoding"] = accept;
  return new Request(`http://hub${js.path}`, { method, headers });
}

async function bytes(res: Response): Promise<Uint8Array> {
  return new Uint8Array(await res.arrayBuffer());
}

describe("precompress", () => {
  it("answers brotli, gzip and identity that all decode to exactly the file", async () => {
    const f = precompress(js);
    await f.ready;
    const br = f.respond(get("gzip, deflate, br"));
    expect(br.headers.get("content-encoding")).toBe("br");
    expect(zlib.brotliDecompressSync(await bytes(br))).toEqual(Buffer.from(script));
    const gz = f.respond(get("gzip"));
    expect(gz.headers.get("content-encoding")).toBe("gzip");
    expect(zlib.gunzipSync(await bytes(gz))).toEqual(Buffer.from(script));
    const id = f.respond(get(null));
    expect(id.headers.get("content-encoding")).toBeNull();
    expect(await bytes(id)).toEqual(script);
  });

  it("sends Vary, the content type, immutable caching and a distinct ETag per coding", async () => {
    const f = precompress(js);
    await f.ready;
    const tags = new Set<string | null>();
    for (const accept of ["br", "gzip", "identity"]) {
      const res = f.respond(get(accept));
      expect(res.headers.get("vary")).toBe("Accept-Encoding");
      expect(res.headers.get("content-type")).toBe(js.type);
      expect(res.headers.get("cache-control")).toBe(IMMUTABLE);
      tags.add(res.headers.get("etag"));
    }
    expect(tags.size).toBe(3);
  });

  it("is smaller over the wire with brotli than with gzip, and both far smaller than the file", async () => {
    const f = precompress(js);
    await f.ready;
    const br = f.encoded("br")?.byteLength ?? Number.POSITIVE_INFINITY;
    const gz = f.encoded("gzip")?.byteLength ?? Number.POSITIVE_INFINITY;
    expect(br).toBeLessThan(gz);
    expect(gz).toBeLessThan(script.byteLength / 10);
  });

  it("serves gzip to a brotli client while brotli is still being made", () => {
    const f = precompress(js);
    const res = f.respond(get("br, gzip"));
    // Same tick as precompress: brotli runs on the thread pool and cannot be done yet.
    expect(res.headers.get("content-encoding")).toBe("gzip");
  });

  it("answers a matching If-None-Match with 304 and no body", async () => {
    const f = precompress(js);
    await f.ready;
    const etag = f.respond(get("br")).headers.get("etag") as string;
    const res = f.respond(get("br", { "If-None-Match": `W/${etag}` }));
    expect(res.status).toBe(304);
    expect(res.headers.get("etag")).toBe(etag);
    expect(res.headers.get("vary")).toBe("Accept-Encoding");
    expect((await bytes(res)).byteLength).toBe(0);
    // The gzip representation has another tag: a cached brotli copy does not validate it.
    expect(f.respond(get("gzip", { "If-None-Match": etag })).status).toBe(200);
  });

  it("leaves images uncompressed and without Vary", async () => {
    const png = precompress({ path: "/logo.png", type: "image/png", bytes: new Uint8Array(4096) });
    await png.ready;
    const res = png.respond(get("br, gzip"));
    expect(res.headers.get("content-encoding")).toBeNull();
    expect(res.headers.get("vary")).toBeNull();
    expect((await bytes(res)).byteLength).toBe(4096);
  });

  it("keeps no coding that would be larger than the file", async () => {
    const tiny = precompress({ path: "/a.css", type: "text/css", bytes: new TextEncoder().encode("a{}") });
    await tiny.ready;
    expect(tiny.encoded("gzip")).toBeUndefined();
    expect(tiny.encoded("br")).toBeUndefined();
    expect(tiny.respond(get("br, gzip")).headers.get("content-encoding")).toBeNull();
  });

  it("refuses methods other than GET and HEAD with 405", () => {
    const res = precompress(js).respond(get(null, {}, "POST"));
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD");
  });
});

describe("helpers", () => {
  it("knows which types are worth compressing", () => {
    expect(compressible("text/css")).toBe(true);
    expect(compressible("image/svg+xml")).toBe(true);
    expect(compressible("application/json")).toBe(true);
    expect(compressible("image/png")).toBe(false);
    expect(compressible("font/woff2")).toBe(false);
  });

  it("matches ETags weakly, in lists and with *", () => {
    expect(etagMatches('"a", W/"b"', '"b"')).toBe(true);
    expect(etagMatches("*", '"x"')).toBe(true);
    expect(etagMatches('"a"', '"b"')).toBe(false);
    expect(etagMatches(null, '"b"')).toBe(false);
  });
});
