/**
 * The production dashboard as the hub serves it: built once at start-up, every asset answered in
 * brotli, gzip or plain by Accept-Encoding, each decoding to exactly the bundle's bytes.
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import zlib from "node:zlib";
import { startTestServer } from "../../test/server.ts";
import type { RunningServer } from "../server.ts";
import { buildDashboard } from "../static/build-dashboard.ts";
import { IMMUTABLE } from "../static/precompressed.ts";
import { DEFAULT_DASHBOARD_HTML } from "./dashboard.ts";

let s: RunningServer;
let bundle: Map<string, Uint8Array>;
let linked: string[];
let assetPaths: string[];

beforeAll(async () => {
  s = await startTestServer({ DASHBOARD: "on", NODE_ENV: "production", AUTH: "off" });
  const built = await buildDashboard(DEFAULT_DASHBOARD_HTML);
  bundle = new Map(built.assets.map((a) => [a.path, a.bytes]));
  const html = await (await fetch(`${s.url}/`)).text();
  linked = [...html.matchAll(/(?:src|href)="(\/[^"]+)"/g)].map((m) => m[1] as string);
  // Every file of the build, also the chunk the page imports lazily (the charting library).
  assetPaths = [...bundle.keys()];
  // Brotli copies are made off the event loop after start-up; gzip answers until then.
  const script = assetPaths.find((p) => p.endsWith(".js")) as string;
  for (let i = 0; (await get(script, "br")).headers.get("content-encoding") !== "br"; i++) {
    if (i > 400) throw new Error("no brotli copy of the script after 20 s");
    await Bun.sleep(50);
  }
});
afterAll(() => s?.stop());

async function get(path: string, acceptEncoding: string | null): Promise<Response> {
  // Bun's fetch would ask for and undo compression itself: ask for raw bytes.
  return fetch(`${s.url}${path}`, {
    headers: acceptEncoding === null ? { "Accept-Encoding": "" } : { "Accept-Encoding": acceptEncoding },
    decompress: false,
  });
}

function decode(encoding: string | null, bytes: Uint8Array): Uint8Array {
  if (encoding === "br") return new Uint8Array(zlib.brotliDecompressSync(bytes));
  if (encoding === "gzip") return new Uint8Array(zlib.gunzipSync(bytes));
  return bytes;
}

describe("production dashboard assets", () => {
  it("links the page to the bundle's script, style and icon, and splits off a lazy chunk", () => {
    expect(linked.some((p) => p.endsWith(".js"))).toBe(true);
    expect(linked.some((p) => p.endsWith(".css"))).toBe(true);
    for (const p of linked) expect(bundle.has(p)).toBe(true);
    expect(assetPaths.filter((p) => p.endsWith(".js")).length).toBeGreaterThan(1);
  });

  it.each([
    ["gzip, deflate, br, zstd", "br"],
    ["gzip", "gzip"],
    [null, null],
  ])("with Accept-Encoding %p answers %p, decoding to exactly the bundle", async (accept, encoding) => {
    for (const path of assetPaths) {
      const res = await get(path, accept);
      expect(res.status).toBe(200);
      const raw = new Uint8Array(await res.arrayBuffer());
      const expected = bundle.get(path) as Uint8Array;
      // The icon is tiny: a coding that saves nothing is not offered.
      const enc = res.headers.get("content-encoding");
      if (path.endsWith(".js") || path.endsWith(".css")) expect(enc).toBe(encoding);
      expect(decode(enc, raw)).toEqual(expected);
      if (enc) expect(raw.byteLength).toBeLessThan(expected.byteLength);
      expect(res.headers.get("cache-control")).toBe(IMMUTABLE);
      expect(res.headers.get("vary")).toBe("Accept-Encoding");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    }
  });

  it("sends the scripts in brotli at under a third of their size", async () => {
    let plain = 0;
    let wire = 0;
    for (const path of assetPaths.filter((p) => p.endsWith(".js"))) {
      plain += (bundle.get(path) as Uint8Array).byteLength;
      wire += (await (await get(path, "br")).arrayBuffer()).byteLength;
    }
    expect(wire).toBeLessThan(plain / 3);
  });

  it("answers a revalidation with 304", async () => {
    const path = assetPaths.find((p) => p.endsWith(".js")) as string;
    const etag = (await get(path, "br")).headers.get("etag") as string;
    const res = await fetch(`${s.url}${path}`, {
      headers: { "Accept-Encoding": "br", "If-None-Match": etag },
      decompress: false,
    });
    expect(res.status).toBe(304);
  });

  it("serves the page itself compressed, with the security headers and no long-term caching", async () => {
    const res = await get("/", "br");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-encoding")).toBe("br");
    expect(res.headers.get("vary")).toBe("Accept-Encoding");
    expect(res.headers.get("cache-control")).toBe("no-cache");
    expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
    const html = new TextDecoder().decode(decode("br", new Uint8Array(await res.arrayBuffer())));
    expect(html).toContain("<title>Tickerwire");
  });
});
