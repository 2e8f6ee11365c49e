/**
 * A static file held in memory with precompressed copies (brotli and gzip), answered by
 * `Accept-Encoding` with `Vary: Accept-Encoding`, an ETag per representation and conditional
 * GETs. Bun's own static routes send assets uncompressed whatever the client accepts, which made
 * a first visit to the dashboard ~360 KB of script instead of ~100 KB.
 *
 * gzip (level 9, ~10 ms for the dashboard's bundle) is made at once; brotli at quality 11 takes
 * ~0.7 s, so it is made on zlib's thread pool and taken into use when done: until then a client
 * that accepts both gets gzip. Every answer is a correct representation at every moment.
 */
import { promisify } from "node:util";
import zlib from "node:zlib";
import { type Chosen, type Coding, chooseEncoding } from "./accept-encoding.ts";

export interface StaticFile {
  /** URL path, e.g. `/chunk-pj1dhb27.js`. */
  path: string;
  /** Content-Type, e.g. `text/javascript;charset=utf-8`. */
  type: string;
  bytes: Uint8Array<ArrayBuffer>;
}

export interface PrecompressedFile {
  readonly path: string;
  readonly type: string;
  readonly identity: Uint8Array<ArrayBuffer>;
  /** The compressed copy of each coding, once made (a coding that saves nothing is left out). */
  encoded(coding: Coding): Uint8Array<ArrayBuffer> | undefined;
  /** Settles when every compressed copy is made (or given up). */
  readonly ready: Promise<void>;
  /** Answers a GET or HEAD for this file; `cacheControl` goes out unchanged. */
  respond(req: Request): Response;
}

/** Immutable caching for content-hashed asset names (the name changes when the bytes do). */
export const IMMUTABLE = "public, max-age=31536000, immutable";

const brotli = promisify(zlib.brotliCompress);

/** Types worth compressing: text, scripts, styles, JSON, SVG. Images and fonts are compressed already. */
export function compressible(type: string): boolean {
  const t = type.toLowerCase();
  return t.startsWith("text/") || /javascript|json|xml|svg|wasm/.test(t);
}

/** Whether an ETag list (If-None-Match) names `etag` (weak comparison, RFC 9110 §13.1.2). */
export function etagMatches(header: string | null, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  return header.split(",").some((t) => t.trim().replace(/^W\//, "") === etag);
}

export function precompress(file: StaticFile, cacheControl: string = IMMUTABLE): PrecompressedFile {
  const copies = new Map<Coding, Uint8Array<ArrayBuffer>>();
  const keep = (c: Coding, b: Uint8Array) => {
    if (b.byteLength < file.bytes.byteLength) copies.set(c, new Uint8Array(b));
  };
  let ready: Promise<void> = Promise.resolve();
  if (compressible(file.type) && file.bytes.byteLength > 0) {
    keep("gzip", zlib.gzipSync(file.bytes, { level: 9 }));
    ready = brotli(file.bytes, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
        [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: file.bytes.byteLength,
      },
    }).then(
      (b) => keep("br", b),
      () => undefined, // gzip and identity still answer
    );
  }
  const hash = Bun.hash(file.bytes).toString(36);
  const etags: Record<Chosen, string> = { identity: `"${hash}"`, br: `"${hash}-br"`, gzip: `"${hash}-gz"` };
  // Every coding this file may ever be answered in, so caches key on Accept-Encoding from the first answer.
  const varies = compressible(file.type) && file.bytes.byteLength > 0;

  return {
    path: file.path,
    type: file.type,
    identity: file.bytes,
    ready,
    encoded: (c) => copies.get(c),
    respond(req) {
      if (req.method !== "GET" && req.method !== "HEAD") {
        return new Response(null, { status: 405, headers: { Allow: "GET, HEAD" } });
      }
      const offered = (["br", "gzip"] as const).filter((c) => copies.has(c));
      const coding = chooseEncoding(req.headers.get("accept-encoding"), offered);
      const headers = new Headers({ "Cache-Control": cacheControl, ETag: etags[coding] });
      if (varies) headers.set("Vary", "Accept-Encoding");
      if (etagMatches(req.headers.get("if-none-match"), etags[coding])) {
        return new Response(null, { status: 304, headers });
      }
      headers.set("Content-Type", file.type);
      headers.set("X-Content-Type-Options", "nosniff");
      if (coding !== "identity") headers.set("Content-Encoding", coding);
      const body = coding === "identity" ? file.bytes : (copies.get(coding) as Uint8Array<ArrayBuffer>);
      return new Response(body, { headers });
    },
  };
}
