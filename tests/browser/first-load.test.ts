/**
 * What a first visit to the production dashboard fetches, as Chromium sees it: every script and
 * style arrives brotli-compressed with `Vary: Accept-Encoding` and immutable caching, and the
 * charting library comes as a chunk of its own once the charts mount. (How many bytes that is
 * over the wire is a bench figure: `bun run bench --workload firstload`.)
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import type { Browser } from "playwright-core";
import { launchBrowser } from "../helpers/browser.ts";
import { type StartedHub, startHub } from "../helpers/hub.ts";
import { requireTool, skipWithoutTool } from "../helpers/tools.ts";
import { DASHBOARD_HUB_ENV } from "./dashboard-page.ts";

setDefaultTimeout(30_000);

interface Seen {
  url: string;
  type: string;
  headers: Record<string, string>;
}

/** Polls the page's script until the hub has its brotli copy (made off the event loop at start). */
async function brotliReady(base: string): Promise<void> {
  const html = await (await fetch(base)).text();
  const script = /<script[^>]+src="([^"]+)"/.exec(html)?.[1];
  if (!script) throw new Error("the page links no script");
  for (let i = 0; i < 200; i++) {
    const res = await fetch(new URL(script, base), { headers: { "Accept-Encoding": "br" }, decompress: false });
    await res.arrayBuffer();
    if (res.headers.get("content-encoding") === "br") return;
    await Bun.sleep(50);
  }
  throw new Error("no brotli copy after 10 s");
}

describe.skipIf(skipWithoutTool("chromium"))("dashboard first load", () => {
  let browser: Browser;
  let hub: StartedHub;

  beforeAll(async () => {
    requireTool("chromium");
    hub = await startHub({ env: { ...DASHBOARD_HUB_ENV, NODE_ENV: "production" } });
    await brotliReady(hub.url);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
  });

  test("scripts and styles arrive brotli-compressed, cacheable for good, the charts as their own chunk", async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const seen: Seen[] = [];
      page.on("response", async (r) => {
        seen.push({ url: r.url(), type: r.request().resourceType(), headers: await r.allHeaders() });
      });
      await page.goto(hub.url);
      // The P&L chart's canvas exists only once the lazily loaded charting chunk has run.
      await page.locator('[data-testid="chart-pnl"] canvas').first().waitFor({ timeout: 10_000 });
      const doc = seen.find((s) => s.type === "document");
      expect(doc?.headers["content-encoding"]).toBe("br");
      expect(doc?.headers.vary).toBe("Accept-Encoding");
      const assets = seen.filter((s) => s.type === "script" || s.type === "stylesheet");
      expect(assets.filter((s) => s.type === "script").length).toBeGreaterThanOrEqual(2);
      expect(assets.filter((s) => s.type === "stylesheet").length).toBeGreaterThanOrEqual(1);
      for (const a of assets) {
        expect({ url: a.url, encoding: a.headers["content-encoding"] }).toEqual({ url: a.url, encoding: "br" });
        expect(a.headers.vary).toBe("Accept-Encoding");
        expect(a.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
      }
    } finally {
      await context.close();
    }
  });
});
