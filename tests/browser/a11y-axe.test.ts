/**
 * WCAG 2.1 A/AA in both colour schemes: axe-core runs in real Chromium on the production
 * dashboard (production CSP as served) with data in every panel, then again with a filter
 * applied. Any violation fails the test and is printed rule by rule, element by element. The
 * page itself must still raise no CSP violation: axe is evaluated through DevTools, not added
 * to the page.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import type { Browser } from "playwright-core";
import { launchBrowser } from "../helpers/browser.ts";
import { type StartedHub, startHub } from "../helpers/hub.ts";
import { publishOk } from "../helpers/publish.ts";
import { requireTool, skipWithoutTool } from "../helpers/tools.ts";
import { dashboardIsFull, fullDashboard } from "./a11y-data.ts";
import { formatViolations, runAxe } from "./axe.ts";
import { DASHBOARD_HUB_ENV, installProbe, openDashboard } from "./dashboard-page.ts";

setDefaultTimeout(60_000);

const THEMES = ["dark", "light"] as const;
/** A filter that still leaves data in every panel: two strategies, signals from 60% confidence. */
const FILTER = "?strategies=RSI_Oversold,Support_Bounce&min_confidence=0.6";

describe.skipIf(skipWithoutTool("chromium"))("accessibility: axe-core, WCAG 2.1 A and AA", () => {
  let browser: Browser;
  let hub: StartedHub;

  beforeAll(async () => {
    requireTool("chromium");
    hub = await startHub({ env: { ...DASHBOARD_HUB_ENV, NODE_ENV: "production" } });
    await publishOk(hub.url, fullDashboard());
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
  });

  test.each(THEMES)("%s theme: no violation with data in every panel, nor with a filter applied", async (theme) => {
    const context = await browser.newContext({ colorScheme: theme, viewport: { width: 1440, height: 900 } });
    try {
      await installProbe(context);
      const d = await openDashboard(context, hub.url);
      await d.page.waitForFunction(dashboardIsFull, undefined, { timeout: 15_000, polling: 100 });
      await Bun.sleep(400); // slide-in animations and the first chart paint settle
      const full = await runAxe(d.page);
      console.log(`axe-core ${full.version}, ${theme} theme, every panel: ${formatViolations(full.violations)}`);

      await d.page.goto(new URL(FILTER, hub.url).href);
      await d.waitConnected("ws");
      await d.page.waitForFunction(dashboardIsFull, undefined, { timeout: 15_000, polling: 100 });
      expect(await d.page.locator("button", { hasText: "Clear filters" }).isEnabled()).toBe(true);
      await Bun.sleep(400);
      const filtered = await runAxe(d.page);
      console.log(`axe-core ${filtered.version}, ${theme} theme, filtered: ${formatViolations(filtered.violations)}`);

      expect({
        full: formatViolations(full.violations),
        filtered: formatViolations(filtered.violations),
        csp: (await d.probe()).csp,
      }).toEqual({ full: "no violations", filtered: "no violations", csp: [] });
    } finally {
      await context.close();
    }
  });
});
