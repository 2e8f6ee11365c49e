/**
 * The dashboard by keyboard alone, in real Chromium: Tab from the top reaches the skip link,
 * the filters, the notification settings, the symbol picker and every panel's list or table, in
 * reading order, each with a visible focus ring; the skip link jumps to the panels; Space,
 * Enter and arrows operate every control; a focused list scrolls with PageDown; the latency
 * explanation opens on focus, not only on hover.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchBrowser } from "../helpers/browser.ts";
import { type StartedHub, startHub } from "../helpers/hub.ts";
import { publishOk } from "../helpers/publish.ts";
import { requireTool, skipWithoutTool } from "../helpers/tools.ts";
import { dashboardIsFull, fullDashboard } from "./a11y-data.ts";
import { DASHBOARD_HUB_ENV, type DashboardPage, openDashboard } from "./dashboard-page.ts";

setDefaultTimeout(60_000);

/** What has focus, named as a test reads it, and whether its focus ring shows (≥ 2 px outline). */
async function focused(page: Page): Promise<{ name: string; ring: boolean }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { name: "body", ring: false };
    const style = getComputedStyle(el);
    const ring = style.outlineStyle !== "none" && Number.parseFloat(style.outlineWidth) >= 2;
    const label = el.getAttribute("aria-labelledby");
    const name =
      el.dataset.testid ??
      (label ? `${el.tagName.toLowerCase()}:${label}` : null) ??
      (el instanceof HTMLInputElement ? `${el.name || el.id}:${el.value}` : null) ??
      `${el.tagName.toLowerCase()}:${(el.textContent ?? "").trim().slice(0, 30)}`;
    return { name, ring };
  });
}

/** Presses Tab `n` times from the top of the page; every stop, in order. */
async function tabStops(page: Page, n: number): Promise<{ name: string; ring: boolean }[]> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const stops = [];
  for (let i = 0; i < n; i++) {
    await page.keyboard.press("Tab");
    stops.push(await focused(page));
  }
  return stops;
}

/** Tabs forward until `name` has focus (at most `max` presses). */
async function tabTo(page: Page, name: string, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    if ((await focused(page)).name === name) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${name}`);
}

const query = (page: Page) => new URL(page.url()).searchParams;

describe.skipIf(skipWithoutTool("chromium"))("accessibility: keyboard only", () => {
  let browser: Browser;
  let hub: StartedHub;
  let context: BrowserContext;
  let d: DashboardPage;

  beforeAll(async () => {
    requireTool("chromium");
    hub = await startHub({ env: DASHBOARD_HUB_ENV });
    await publishOk(hub.url, fullDashboard());
    browser = await launchBrowser();
    // Notifications granted up front: the toggle is then operable without a permission prompt.
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, permissions: ["notifications"] });
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await hub?.dispose();
  });

  async function fresh(): Promise<DashboardPage> {
    await d?.page.close();
    d = await openDashboard(context, hub.url);
    await d.page.waitForFunction(dashboardIsFull, undefined, { timeout: 15_000, polling: 100 });
    return d;
  }

  test("Tab walks skip link → filters → notifications → symbol picker → every list and table, ring always visible", async () => {
    const { page } = await fresh();
    const stops = await tabStops(page, 30);
    const names = stops.map((s) => s.name);
    const at = (name: string) => {
      const i = names.indexOf(name);
      if (i < 0) throw new Error(`Tab never reached ${name}; stops: ${names.join(", ")}`);
      return i;
    };
    expect(names[0]).toBe("skip-link");
    const order = [
      "skip-link",
      "strategies:RSI_Oversold",
      "types:signal",
      "min-confidence",
      "notify-toggle",
      "notify-threshold:0.9",
      "candle-symbol",
      "ol:signals-title",
      "ol:trades-title",
      "div:metrics-title",
      "ol:alerts-title",
    ].map(at);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    const last = at("ol:alerts-title");
    expect(stops.slice(0, last + 1).filter((s) => !s.ring)).toEqual([]);
  });

  test("the skip link jumps to the panels; the next Tab is the first panel's list", async () => {
    const { page } = await fresh();
    await tabStops(page, 1);
    expect(await page.evaluate(() => getComputedStyle(document.activeElement as Element).transform)).toBe("none");
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("panels");
    await page.keyboard.press("Tab");
    expect((await focused(page)).name).toBe("ol:signals-title");
  });

  test("filters: Space ticks a strategy, arrows move the confidence, Enter clears them", async () => {
    const { page } = await fresh();
    await tabTo(page, "strategies:RSI_Oversold");
    await page.keyboard.press("Space");
    await page.waitForFunction(() => location.search.includes("strategies=RSI_Oversold"));
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="signal-item"]')].every((el) =>
        el.textContent?.includes("RSI_Oversold"),
      ),
    );
    await tabTo(page, "min-confidence");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await page.waitForFunction(() => location.search.includes("min_confidence=0.1"));
    expect(query(page).get("strategies")).toBe("RSI_Oversold");
    await tabTo(page, "button:Clear filters");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => location.search === "");
  });

  test("notification settings: Enter turns them on, arrows set the threshold", async () => {
    const { page } = await fresh();
    await tabTo(page, "notify-toggle");
    await page.keyboard.press("Enter");
    await page.waitForFunction(
      () => document.querySelector('[data-testid="notify-toggle"]')?.textContent === "Disable notifications",
    );
    await page.keyboard.press("Tab");
    expect((await focused(page)).name).toBe("notify-threshold:0.9");
    await page.keyboard.press("ArrowLeft");
    expect(await page.evaluate(() => localStorage.getItem("tickerwire.notify.threshold"))).toBe("0.89");
    expect(await page.getAttribute("#notify-threshold", "aria-valuetext")).toBe("89 percent");
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Space");
    await page.waitForFunction(
      () => document.querySelector('[data-testid="notify-toggle"]')?.textContent === "Enable notifications",
    );
  });

  test("symbol picker: an arrow key picks the next series, and the chart's text follows", async () => {
    const { page } = await fresh();
    await tabTo(page, "candle-symbol");
    expect(await page.inputValue('[data-testid="candle-symbol"]')).toBe("BTC-USDT.1m");
    await page.keyboard.press("ArrowDown");
    expect(await page.inputValue('[data-testid="candle-symbol"]')).toBe("ETH-USDT.1m");
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="chart-candles-text"]')?.textContent?.startsWith("ETH-USDT 1m, 30 candles"),
    );
  });

  test("a focused list scrolls with PageDown and End; the latency explanation opens on focus", async () => {
    const { page } = await fresh();
    await tabTo(page, "ol:signals-title");
    const list = page.locator('ol[aria-labelledby="signals-title"]');
    expect(await list.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
    await page.keyboard.press("PageDown");
    await page.waitForFunction(() => (document.activeElement as HTMLElement).scrollTop > 0);
    const afterPageDown = await list.evaluate((el) => el.scrollTop);
    // End goes further (items below the fold size themselves as they render, so "the bottom" moves).
    await page.keyboard.press("End");
    await page.waitForFunction((before) => (document.activeElement as HTMLElement).scrollTop > before, afterPageDown);

    await tabStops(page, 0);
    await tabTo(page, "latency-field");
    const tip = await page.locator('[data-testid="latency-field"]').evaluate((el) => ({
      shown: getComputedStyle(el, "::after").content,
      text: (el as HTMLElement).dataset.tip,
    }));
    expect(tip.shown).toBe(JSON.stringify(tip.text));
  });
});
