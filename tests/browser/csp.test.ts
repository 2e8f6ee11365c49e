/**
 * The dashboard in production mode loads and renders every panel and both charts without a
 * console error, an uncaught page error or a Content-Security-Policy violation: as the server
 * serves it, and under a strict reference policy (no 'unsafe-inline', no 'unsafe-eval', same
 * origin only) that the page must live with whatever headers the server adds.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { TOPICS } from "@tickerwire/protocol";
import type { Browser, BrowserContext } from "playwright-core";
import { launchBrowser } from "../helpers/browser.ts";
import { ORIGINAL_EXAMPLES } from "../helpers/fixtures.ts";
import { type StartedHub, startHub } from "../helpers/hub.ts";
import { publishOk } from "../helpers/publish.ts";
import { requireTool, skipWithoutTool } from "../helpers/tools.ts";
import { DASHBOARD_HUB_ENV, type DashboardPage, installProbe, openDashboard, watchProblems } from "./dashboard-page.ts";

setDefaultTimeout(30_000);

/** What a strict deployment would send; `connect-src 'self'` also covers ws:// to the same host (CSP 3). */
export const STRICT_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** Three one-minute BTC-USDT candles, so the candlestick chart draws. */
function candles(): { topic: string; data: Record<string, unknown> }[] {
  const t0 = Date.parse("2026-01-19T10:00:00Z");
  return [0, 1, 2].map((i) => ({
    topic: TOPICS.candle("BTC-USDT", "1m"),
    data: {
      symbol: "BTC-USDT",
      interval: "1m",
      open: 42000 + i * 10,
      high: 42050 + i * 10,
      low: 41980 + i * 10,
      close: 42030 + i * 10,
      volume: 12.5 + i,
      start: new Date(t0 + i * 60_000).toISOString(),
    },
  }));
}

/** Waits until all four panels, the summary and both charts show data. */
async function everythingRendered(d: DashboardPage, seqs: number[]): Promise<void> {
  await d.waitForSeqs([seqs[0], seqs[1], seqs[2], seqs[4]] as number[]);
  await d.page.locator('[data-testid="metrics-row"]').first().waitFor({ timeout: 5000 });
  await d.page.locator('[data-testid="chart-pnl"][data-points="1"]').waitFor({ timeout: 5000 });
  await d.page.locator('[data-testid="chart-candles"][data-points="3"]').waitFor({ timeout: 5000 });
  expect(await d.text("sum-total-trades")).toBe("1");
  // A chart draws on a canvas; a chart that failed to initialise leaves none. The charting
  // library is its own chunk, loaded when the first chart mounts: wait for it.
  await d.page.locator('[data-testid="chart-pnl"] canvas').first().waitFor({ timeout: 5000 });
  await d.page.locator('[data-testid="chart-candles"] canvas').first().waitFor({ timeout: 5000 });
}

describe.skipIf(skipWithoutTool("chromium"))("dashboard: console and CSP cleanliness in production mode", () => {
  let browser: Browser;
  let hub: StartedHub;
  let seqs: number[];

  beforeAll(async () => {
    requireTool("chromium");
    hub = await startHub({ env: { ...DASHBOARD_HUB_ENV, NODE_ENV: "production" } });
    seqs = await publishOk(hub.url, [...ORIGINAL_EXAMPLES.map((x) => x.publish), ...candles()]);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
  });

  async function load(
    context: BrowserContext,
  ): Promise<{ d: DashboardPage; problems: ReturnType<typeof watchProblems> }> {
    await installProbe(context);
    let problems = { consoleErrors: [] as string[], pageErrors: [] as string[] };
    const d = await openDashboard(context, hub.url, {
      onPage: (page) => {
        problems = watchProblems(page);
      },
    });
    await everythingRendered(d, seqs);
    // Late errors (a chart's first resize, the latency probe) get a moment to show up.
    await Bun.sleep(500);
    return { d, problems };
  }

  test("as served: no console error, no page error, no CSP violation", async () => {
    const context = await browser.newContext();
    try {
      const { d, problems } = await load(context);
      // One comparison, so a failure lists every problem at once.
      expect({ ...problems, csp: (await d.probe()).csp }).toEqual({ consoleErrors: [], pageErrors: [], csp: [] });
    } finally {
      await context.close();
    }
  });

  test("under a strict policy (no inline script or style, same origin only): no violation, everything renders", async () => {
    const context = await browser.newContext();
    try {
      // The document answers with the reference policy in place of whatever the server sent.
      await context.route(
        (url) => url.pathname === "/",
        async (route) => {
          const response = await route.fetch();
          const headers = { ...response.headers(), "content-security-policy": STRICT_CSP };
          await route.fulfill({ response, headers });
        },
      );
      const { d, problems } = await load(context);
      expect({
        csp: (await d.probe()).csp,
        cspConsoleErrors: problems.consoleErrors.filter((m) => /Content Security Policy/i.test(m)),
        pageErrors: problems.pageErrors,
      }).toEqual({ csp: [], cspConsoleErrors: [], pageErrors: [] });
    } finally {
      await context.close();
    }
  });
});
