/**
 * The dashboard in real Chromium shows the five example events of the original system (signal,
 * trade executed, trade closed, metrics, promotion) published through the API, with their exact
 * text and the right summary, on both transports — and shows the same again after a reload
 * (the page opens from the hub's snapshot).
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { type HubEvent, TRANSPORT_KINDS } from "@tickerwire/protocol";
import type { Browser, BrowserContext } from "playwright-core";
import { launchBrowser } from "../helpers/browser.ts";
import { ORIGINAL_EXAMPLES } from "../helpers/fixtures.ts";
import { type StartedHub, startHub } from "../helpers/hub.ts";
import { history, publishOk } from "../helpers/publish.ts";
import { requireTool, skipWithoutTool } from "../helpers/tools.ts";
import {
  DASHBOARD_HUB_ENV,
  type DashboardPage,
  installProbe,
  openDashboard,
  type Summary,
  TRANSPORT_WORDS,
} from "./dashboard-page.ts";

setDefaultTimeout(30_000);

/** The original system's expected summary after its five test scenarios. */
const EXPECTED_SUMMARY: Summary = { totalTrades: "1", activePositions: "0", winRate: "100.00%", totalPnl: "$1.50" };

/** `HH:MM:SS` of an ISO time in UTC: the page runs with timezoneId UTC. */
const clock = (iso: string) => new Date(iso).toISOString().slice(11, 19);

/** Exactly what each panel shows for the five examples (the hub's timestamps filled in). */
function expectedTexts(bySeq: Map<number, HubEvent>, seqs: number[]) {
  const at = (i: number) => clock((bySeq.get(seqs[i] as number) as HubEvent).timestamp);
  return {
    signals: [`BUY RSI_Oversold ${at(0)} Price $42,350.50 Confidence 85.0%`],
    // Newest first: the closure above the execution.
    trades: [
      `CLOSED Support_Bounce ${at(2)} Trade 123 Entry $42,400.00 → Exit $42,550.00 P&L $1.50`,
      `BUY EXECUTED Support_Bounce ${at(1)} Trade 123 Entry $42,400.00 Qty 0.01`,
    ],
    metricsCells: ["RSI_Oversold", "50", "62.00%", "$125.50", "—", "—"],
    alerts: [`PROMOTED INFO Support_Bounce ${at(4)} Strategy promoted to LIVE (100 trades, 65% win rate, Sharpe 1.2)`],
  };
}

async function expectExamplesShown(d: DashboardPage, hub: StartedHub, seqs: number[]): Promise<void> {
  await d.waitForSeqs([seqs[0], seqs[1], seqs[2], seqs[4]] as number[]);
  await d.page.locator('[data-testid="metrics-row"][data-strategy="RSI_Oversold"]').waitFor({ timeout: 5000 });
  const h = await history(hub.url, { since: 0 });
  const bySeq = new Map((h.body.events as unknown as HubEvent[]).map((e) => [e.seq, e]));
  const want = expectedTexts(bySeq, seqs);

  expect(await d.itemTexts("signal-item")).toEqual(want.signals);
  expect(await d.itemTexts("trade-item")).toEqual(want.trades);
  expect(await d.itemTexts("alert-item")).toEqual(want.alerts);
  const row = '[data-testid="metrics-row"][data-strategy="RSI_Oversold"]';
  expect(await d.shownTexts(`${row} th, ${row} td`)).toEqual(want.metricsCells);
  expect(await d.page.locator('[data-testid="metrics-row"]').count()).toBe(1);
  // Each item carries the seq the hub assigned to it, once.
  expect(await d.itemSeqs()).toEqual([seqs[0], seqs[2], seqs[1], seqs[4]] as number[]);

  await d.page.waitForFunction(
    (n) => document.querySelector('[data-testid="sum-total-trades"]')?.textContent === n,
    EXPECTED_SUMMARY.totalTrades,
    { timeout: 5000 },
  );
  expect(await d.summary()).toEqual(EXPECTED_SUMMARY);
  // Profit is shown green, like the original's `.positive`.
  expect(await d.page.getAttribute('[data-testid="sum-total-pnl"]', "class")).toContain("positive");
}

describe.skipIf(skipWithoutTool("chromium"))("dashboard with the original system's five example events", () => {
  let browser: Browser;

  beforeAll(async () => {
    requireTool("chromium");
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  describe.each([...TRANSPORT_KINDS])("over %s", (transport) => {
    let hub: StartedHub;
    let context: BrowserContext;
    let d: DashboardPage;
    let seqs: number[];

    beforeAll(async () => {
      // A hub per transport, so each run starts empty.
      hub = await startHub({ env: DASHBOARD_HUB_ENV });
      context = await browser.newContext({ timezoneId: "UTC", viewport: { width: 1440, height: 900 } });
      await installProbe(context);
    });
    afterAll(async () => {
      await context?.close();
      await hub?.dispose();
    });

    test(`shows each example with its exact text and the summary 1 / 0 / 100.00% / $1.50, labelled "${TRANSPORT_WORDS[transport]}"`, async () => {
      // `?transport=sse` forces SSE; without it the dashboard must pick WebSocket.
      d = await openDashboard(context, hub.url, {
        transport: transport === "sse" ? "sse" : undefined,
        expect: transport,
      });
      expect(await d.transport()).toBe(TRANSPORT_WORDS[transport]);
      expect(await d.summary()).toEqual({
        totalTrades: "0",
        activePositions: "0",
        winRate: "0.00%",
        totalPnl: "$0.00",
      });

      seqs = await publishOk(
        hub.url,
        ORIGINAL_EXAMPLES.map((x) => x.publish),
      );
      await expectExamplesShown(d, hub, seqs);
      await d.waitForLastSeq(seqs.at(-1) as number);
      expect(await d.page.textContent('[data-testid="last-seq"]')).toBe(String(seqs.at(-1)));
    });

    test("after a reload the page opens from the hub's snapshot: the same items once each and the same summary", async () => {
      expect(seqs).toHaveLength(5);
      await d.page.reload();
      await d.waitConnected(transport);
      await expectExamplesShown(d, hub, seqs);
    });
  });
});
