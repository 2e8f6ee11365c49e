/**
 * Reflow, motion and announcements in real Chromium: at 320 CSS px wide (WCAG 1.4.10) and at
 * 200% zoom of a 1280×900 window the page never scrolls sideways (a wide table scrolls inside
 * its own focusable region, which 1.4.10 allows); with prefers-reduced-motion the slide-in and
 * the status pulse are off, without it they play; the connection going up is announced politely;
 * a live critical alert is announced in the assertive live region, and a flood of them is folded
 * into a few announcements that still account for every alert.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import type { Browser, BrowserContextOptions } from "playwright-core";
import { launchBrowser } from "../helpers/browser.ts";
import { type StartedHub, startHub } from "../helpers/hub.ts";
import { publishOk } from "../helpers/publish.ts";
import { requireTool, skipWithoutTool } from "../helpers/tools.ts";
import { criticalAlert, dashboardIsFull, fullDashboard, oneSignal } from "./a11y-data.ts";
import { DASHBOARD_HUB_ENV, type DashboardPage, openDashboard } from "./dashboard-page.ts";

setDefaultTimeout(60_000);

declare global {
  interface Window {
    __heard?: string[];
  }
}

describe.skipIf(skipWithoutTool("chromium"))("accessibility: reflow, motion and announcements", () => {
  let browser: Browser;
  let hub: StartedHub;

  beforeAll(async () => {
    requireTool("chromium");
    hub = await startHub({ env: DASHBOARD_HUB_ENV });
    await publishOk(hub.url, fullDashboard());
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
  });

  async function withPage(options: BrowserContextOptions, body: (d: DashboardPage) => Promise<void>): Promise<void> {
    const context = await browser.newContext(options);
    try {
      const d = await openDashboard(context, hub.url);
      await d.page.waitForFunction(dashboardIsFull, undefined, { timeout: 15_000, polling: 100 });
      await body(d);
    } finally {
      await context.close();
    }
  }

  /** How far the page scrolls sideways (0 = not at all), and every panel's heading is on screen. */
  async function reflow(d: DashboardPage): Promise<{ sideways: number; headingsOutside: string[] }> {
    return d.page.evaluate(() => {
      const root = document.documentElement;
      const headingsOutside = [...document.querySelectorAll("h1, h2")]
        .filter((h) => {
          const r = h.getBoundingClientRect();
          return r.width === 0 || r.left < 0 || r.right > root.clientWidth + 0.5;
        })
        .map((h) => h.textContent ?? "");
      return { sideways: root.scrollWidth - root.clientWidth, headingsOutside };
    });
  }

  test.each([
    ["320 px wide", { viewport: { width: 320, height: 640 } }],
    ["200% zoom of 1280×900", { viewport: { width: 640, height: 450 }, deviceScaleFactor: 2 }],
  ] as const)("at %s the page has no horizontal scroll and every heading is on screen", async (_name, options) => {
    for (const colorScheme of ["dark", "light"] as const) {
      await withPage({ ...options, colorScheme }, async (d) => {
        expect(await reflow(d)).toEqual({ sideways: 0, headingsOutside: [] });
        // What does not fit (the metrics table at 320 px) scrolls inside a region the keyboard reaches.
        const clipped = await d.page.evaluate(() =>
          [...document.querySelectorAll(".table-scroll, .event-list")]
            .filter((el) => el.scrollWidth > el.clientWidth)
            .map((el) => (el as HTMLElement).tabIndex),
        );
        expect(clipped.filter((t) => t !== 0)).toEqual([]);
      });
    }
  });

  test.each([
    ["reduce", "none"],
    ["no-preference", "slide-in"],
  ] as const)("prefers-reduced-motion: %s — a new item's animation is %s", async (reducedMotion, animation) => {
    await withPage({ reducedMotion }, async (d) => {
      const [seq] = await publishOk(hub.url, [oneSignal(40_000 + Math.random())]);
      const item = d.page.locator(`[data-testid="signal-item"][data-seq="${seq}"]`);
      await item.waitFor({ timeout: 10_000 });
      expect(await item.evaluate((el) => el.classList.contains("enter"))).toBe(true);
      expect(await item.evaluate((el) => getComputedStyle(el).animationName)).toBe(animation);
      const pulse = await d.page.$eval(".status-dot--open", (el) => getComputedStyle(el).animationName);
      expect(pulse).toBe(animation === "none" ? "none" : "pulse");
    });
  });

  test("a critical alert is announced assertively; a flood of them becomes a few announcements", async () => {
    await withPage({}, async (d) => {
      const region = d.page.locator('[data-testid="announce-critical"]');
      expect(await region.getAttribute("role")).toBe("alert");
      expect(await region.getAttribute("aria-live")).toBe("assertive");
      // The connection change that followed page load was announced, politely.
      const status = d.page.locator('[data-testid="announce-status"]');
      expect(await status.getAttribute("aria-live")).toBe("polite");
      expect(await status.textContent()).toBe("Connected via WebSocket");
      // History replayed on load (it holds critical alerts) is not announced.
      expect(await region.textContent()).toBe("");
      await d.page.evaluate(() => {
        const el = document.querySelector('[data-testid="announce-critical"]') as Element;
        window.__heard = [];
        new MutationObserver(() => window.__heard?.push(el.textContent ?? "")).observe(el, {
          childList: true,
          characterData: true,
          subtree: true,
        });
      });

      await publishOk(hub.url, [criticalAlert("Feed handler down")]);
      await d.page.waitForFunction(() => window.__heard?.length === 1);
      expect(await d.page.evaluate(() => window.__heard)).toEqual(["Critical alert. Feed handler down"]);

      const FLOOD = 1000;
      await publishOk(
        hub.url,
        Array.from({ length: FLOOD }, (_, i) => criticalAlert(`Risk breach ${i + 1}`)),
      );
      // Every alert is accounted for: each announcement is one alert or "N critical alerts".
      const counted = (heard: string[]) =>
        heard.reduce((sum, h) => sum + (/^(\d+) critical alerts\./.exec(h) ? Number(RegExp.$1) : 1), 0);
      await d.page.waitForFunction(
        (want) => {
          const heard = window.__heard ?? [];
          return heard.reduce((s, h) => s + (/^(\d+) critical alerts\./.exec(h) ? Number(RegExp.$1) : 1), 0) >= want;
        },
        FLOOD + 1,
        { timeout: 30_000, polling: 100 },
      );
      const heard = (await d.page.evaluate(() => window.__heard)) ?? [];
      expect(counted(heard)).toBe(FLOOD + 1);
      expect(heard.length).toBeLessThanOrEqual(5);
      expect(heard.at(-1)).toMatch(/^\d+ critical alerts\. Latest: Risk breach 1000$/);
    });
  });
});
