/**
 * The hub serves the generated API documents, and they describe every route it serves: each
 * route registered on the app (but the dashboard page) is a path of the OpenAPI document with
 * the same method, so a new route without its documentation fails here.
 */
import { describe, expect, it } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startTestServer } from "../../test/server.ts";
import { type AppDeps, createApp } from "../app.ts";

const DOCS = join(import.meta.dir, "../../../../docs");

/** The app's routes; handlers only read their dependencies per request, so none are needed here. */
function appRoutes(): { method: string; path: string }[] {
  const stub = {
    headers: { csp: false, tls: false, corsOrigins: [] },
    noDashboardReason: null,
    isStopping: () => false,
  };
  return createApp(stub as unknown as AppDeps).routes.filter((r) => r.method !== "ALL" && r.path !== "/");
}

describe("API documents", () => {
  it("are served at /api/v1/{asyncapi,openapi}.json, exactly as committed in docs/", async () => {
    const s = await startTestServer();
    try {
      for (const name of ["asyncapi.json", "openapi.json"]) {
        const res = await fetch(`${s.url}/api/v1/${name}`);
        expect(res.status).toBe(200);
        expect(res.headers.get("content-type")).toStartWith("application/json");
        expect(await res.text()).toBe(readFileSync(join(DOCS, name), "utf8"));
      }
      expect((await fetch(`${s.url}/api/v1/openapi.json`, { method: "POST" })).status).toBe(405);
    } finally {
      await s.stop();
    }
  });

  it("document every route the hub serves, with its method", async () => {
    const doc = JSON.parse(readFileSync(join(DOCS, "openapi.json"), "utf8")) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const routes = appRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(10);
    const missing = routes.filter((r) => doc.paths[r.path]?.[r.method.toLowerCase()] === undefined);
    expect(missing).toEqual([]);
  });
});
