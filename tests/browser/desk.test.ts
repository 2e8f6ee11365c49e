/**
 * The dashboard opens from the hub's desk state. A hub with a long history (some
 * 21,000 events: trade pairs, signals, metrics, candles, published through the HTTP API) that
 * keeps only the last 5,000 events (HISTORY_MAX_EVENTS), so a page replaying history could not
 * get the figures right. On both transports: the summary, the open positions and the
 * per-strategy table are exact (computed in the test from what it published), with no
 * truncation banner; a reload shows the same; live events after the snapshot move the figures;
 * a filtered view shows the filtered totals. On a phone (390 px) the status, the summary and the
 * positions come first and the filter and notification controls are folded, so the P&L summary
 * is on the first screen.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import type { TransportKind } from "@tickerwire/protocol";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchBrowser } from "../helpers/browser.ts";
import { type StartedHub, startHub } from "../helpers/hub.ts";
import { publishOk } from "../helpers/publish.ts";
import { requireTool, skipWithoutTool } from "../helpers/tools.ts";
import { DASHBOARD_HUB_ENV, dashboardUrl, TRANSPORT_WORDS } from "./dashboard-page.ts";
import {
  deskHistory,
  type ExpectedDesk,
  expectDesk,
  type Item,
  liveTail,
  positionCells,
  strategyCells,
  summaryTexts,
} from "./desk-history.ts";

setDefaultTimeout(120_000);

const PAIRS = 8_500;
const KEPT = 5_000;
const FILTERED = ["RSI_Oversold", "Trend_Following"];

/** The cells of every row matching `selector`, as shown (visually hidden words left out). */
function rowCells(page: Page, selector: string): Promise<string[][]> {
  return page.$$eval(selector, (rows) =>
    rows.map((row) =>
      [...row.children].map((cell) => {
        const copy = cell.cloneNode(true) as Element;
        for (const hidden of copy.querySelectorAll(".visually-hidden")) hidden.remove();
        return (copy.textContent ?? "").replace(/\s+/g, " ").trim();
      }),
    ),
  );
}

/** Waits until the summary cards read `want`; fails with what they read instead. */
async function waitForSummary(page: Page, want: Record<string, string>, timeoutMs = 15_000): Promise<void> {
  const read = () =>
    page.evaluate(
      (ids) =>
        Object.fromEntries(
          ids.map((id) => [id, document.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() ?? null]),
        ),
      Object.keys(want),
    );
  try {
    await page.waitForFunction(
      (w) =>
        Object.entries(w).every(
          ([id, text]) => document.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() === text,
        ),
      want,
      { timeout: timeoutMs, polling: 50 },
    );
  } catch {
    expect(await read()).toEqual(want);
  }
}

/** The summary, the positions and the per-strategy table all show `d`; no banner. */
async function expectDeskShown(page: Page, d: ExpectedDesk): Promise<void> {
  await waitForSummary(page, summaryTexts(d));
  // The tables follow the same revision as the summary; give them the list refresh (250 ms).
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid="strategy-row"]').length === n,
    d.strategies.length,
    { timeout: 5_000 },
  );
  expect(await rowCells(page, '[data-testid="strategy-row"]')).toEqual(strategyCells(d));
  const positions = (await rowCells(page, '[data-testid="position-row"]')).map((c) => [c[0], c[6], c[7]]);
  expect(positions).toEqual(positionCells(d));
  expect(await page.$('[data-testid="truncated-banner"]')).toBeNull();
}

async function open(context: BrowserContext, url: string, transport: TransportKind): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(
    (w) =>
      document.querySelector('[data-testid="status"]')?.textContent === "Connected" &&
      document.querySelector('[data-testid="transport"]')?.textContent === w,
    TRANSPORT_WORDS[transport],
    { timeout: 15_000, polling: 50 },
  );
  return page;
}

describe.skipIf(skipWithoutTool("chromium"))("the dashboard opens from the hub's desk state", () => {
  let browser: Browser;
  let hub: StartedHub;
  let context: BrowserContext;
  const published: Item[] = [];

  async function publishAll(items: Item[]): Promise<void> {
    for (let i = 0; i < items.length; i += 1_000) await publishOk(hub.url, items.slice(i, i + 1_000));
    published.push(...items);
  }

  beforeAll(async () => {
    requireTool("chromium");
    hub = await startHub({ env: { ...DASHBOARD_HUB_ENV, HISTORY_MAX_EVENTS: String(KEPT) } });
    await publishAll(deskHistory({ pairs: PAIRS }));
    expect(published.length).toBeGreaterThan(20_000);
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await hub?.dispose();
  });

  describe.each(["ws", "sse"] as TransportKind[])("over %s", (transport) => {
    test("summary, positions and per-strategy table are exact with no banner, and again after a reload", async () => {
      const page = await open(context, dashboardUrl(hub.url, transport), transport);
      const want = expectDesk(published);
      expect(want.open).toBeGreaterThan(50);
      await expectDeskShown(page, want);
      await page.reload();
      await expectDeskShown(page, want);
      await page.close();
    });

    test("events published after the snapshot move the figures: a candle revalues, closes realize", async () => {
      const page = await open(context, dashboardUrl(hub.url, transport), transport);
      await expectDeskShown(page, expectDesk(published));
      const tail = liveTail(published, "ETH-USDT", transport === "ws" ? 2_611.37 : 2_404.19, 3);
      await publishAll(tail);
      await expectDeskShown(page, expectDesk(published));
      await page.close();
    });

    test("a filtered view shows the filtered totals, positions and strategies; clearing it shows all", async () => {
      const url = new URL(dashboardUrl(hub.url, transport));
      url.searchParams.set("strategies", FILTERED.join(","));
      const page = await open(context, url.href, transport);
      const want = expectDesk(published, FILTERED);
      expect(want.strategies.map((s) => s.strategy)).toEqual([...FILTERED].sort());
      await expectDeskShown(page, want);
      // A change of filter on the page brings the new view's snapshot.
      await page.getByRole("button", { name: "Clear filters" }).click();
      await expectDeskShown(page, expectDesk(published));
      await page.close();
    });
  });

  describe("on a phone, 390 px wide", () => {
    test("status, summary and positions fill the first screen; the controls fold behind one button", async () => {
      const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
      try {
        const page = await open(phone, dashboardUrl(hub.url), "ws");
        await waitForSummary(page, summaryTexts(expectDesk(published)));
        const box = (sel: string) =>
          page.$eval(sel, (el) => {
            const r = el.getBoundingClientRect();
            return { top: r.top, bottom: r.bottom, height: r.height };
          });
        const status = await box('[data-testid="status"]');
        const summary = await box('[data-testid="summary"]');
        const positions = await box("#positions-title");
        const toggle = await box('[data-testid="controls-toggle"]');
        expect(status.top).toBeLessThan(summary.top);
        expect(summary.top).toBeLessThan(positions.top);
        expect(positions.top).toBeLessThan(toggle.top);
        // The whole summary and the positions' heading are on the first screen.
        expect(summary.bottom).toBeLessThanOrEqual(844);
        expect(positions.bottom).toBeLessThanOrEqual(844);
        // Folded: one line of button, the filter form not displayed until it is opened.
        expect(toggle.height).toBeLessThan(80);
        expect(await page.isVisible('form[aria-label="Filters"]')).toBe(false);
        const button = page.getByTestId("controls-toggle");
        expect(await button.getAttribute("aria-expanded")).toBe("false");
        await button.click();
        expect(await button.getAttribute("aria-expanded")).toBe("true");
        expect(await page.isVisible('form[aria-label="Filters"]')).toBe(true);
      } finally {
        await phone.close();
      }
    });

    test("on a wide screen the controls are simply shown, with no fold button", async () => {
      const page = await open(context, dashboardUrl(hub.url), "ws");
      expect(await page.isVisible('form[aria-label="Filters"]')).toBe(true);
      expect(await page.isVisible('[data-testid="controls-toggle"]')).toBe(false);
      await page.close();
    });
  });
});
