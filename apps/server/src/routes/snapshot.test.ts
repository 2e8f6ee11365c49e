import { describe, expect, it } from "bun:test";
import { Hono } from "hono";
import { acceptsGzip, createSnapshotHandler } from "./snapshot.ts";

const frame = { seq: 7, json: JSON.stringify({ type: "snapshot", seq: 7, big: "x".repeat(10_000) }) };
const views: unknown[] = [];
const app = new Hono().get(
  "/s",
  createSnapshotHandler({
    desk: {
      snapshot: (v) => {
        views.push(v);
        return frame;
      },
    },
  }),
);

describe("GET /api/v1/snapshot", () => {
  it("answers the view's snapshot with its seq, uncompressed without Accept-Encoding", async () => {
    const res = await app.request("/s?topics=trade.>&strategies=A,B");
    expect(res.status).toBe(200);
    expect(res.headers.get("x-snapshot-seq")).toBe("7");
    expect(res.headers.get("vary")).toBe("Accept-Encoding");
    expect(res.headers.get("content-encoding")).toBeNull();
    expect(await res.text()).toBe(frame.json);
    expect(views.at(-1)).toEqual({ patterns: ["trade.>"], filter: { strategies: ["A", "B"] } });
  });

  it("gzips for a client that accepts it, and the bytes are the same JSON", async () => {
    const res = await app.request("/s", { headers: { "Accept-Encoding": "gzip, br" } });
    expect(res.headers.get("content-encoding")).toBe("gzip");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(bytes.length).toBeLessThan(frame.json.length / 5);
    expect(new TextDecoder().decode(Bun.gunzipSync(bytes))).toBe(frame.json);
  });

  it("reads Accept-Encoding like a server should", () => {
    expect(acceptsGzip("gzip")).toBe(true);
    expect(acceptsGzip("br, gzip;q=0.5")).toBe(true);
    expect(acceptsGzip("gzip;q=0")).toBe(false);
    expect(acceptsGzip("identity")).toBe(false);
    expect(acceptsGzip("*")).toBe(true);
    expect(acceptsGzip(undefined)).toBe(false);
  });
});
