/**
 * A server restart seen from the dashboard, on both transports: the status goes to
 * "Reconnecting…" while the hub is down and back to "Connected" once it is up again, and events
 * published through the restarted hub — before the page got back and after — are shown exactly
 * once, alongside those from before the restart (counted by seq).
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { TRANSPORT_KINDS } from "@tickerwire/protocol";
import type { Browser, BrowserContext } from "playwright-core";
import { launchBrowser } from "../helpers/browser.ts";
import { signals, uniqueStrategy } from "../helpers/fixtures.ts";
import { type StartedHub, startHub } from "../helpers/hub.ts";
import { publishOk } from "../helpers/publish.ts";
import { requireTool, skipWithoutTool } from "../helpers/tools.ts";
import { DASHBOARD_HUB_ENV, installProbe, openDashboard } from "./dashboard-page.ts";

// The reconnect wait below can take up to 35 s on its own (RECONNECT_WAIT_MS).
setDefaultTimeout(90_000);
/**
 * How long the page may take to come back once it is online again: the SDK's full-jitter backoff
 * (default cap 30 s) may have scheduled its next attempt up to 30 s out while the hub was away.
 */
const RECONNECT_WAIT_MS = 35_000;

describe.skipIf(skipWithoutTool("chromium"))("dashboard across a server restart", () => {
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

    beforeAll(async () => {
      hub = await startHub({ env: DASHBOARD_HUB_ENV });
      context = await browser.newContext();
      await installProbe(context);
    });
    afterAll(async () => {
      await context?.close();
      await hub?.dispose();
    });

    test('shows "Reconnecting…" then "Connected", and every event once, before, during and after', async () => {
      const d = await openDashboard(context, hub.url, { transport });
      const s = uniqueStrategy("Restart");
      const batch = signals(s, 9);
      const before = await publishOk(hub.url, batch.slice(0, 3));
      await d.waitForSeqs(before);

      await hub.stop();
      await d.waitForStatus("Reconnecting…");
      // Keep the page away while the hub comes back, so the next batch is surely published while
      // the page is disconnected (Chromium's offline emulation fails its reconnect attempts).
      await context.setOffline(true);
      await hub.restart();
      const whileAway = await publishOk(hub.url, batch.slice(3, 6));
      await Bun.sleep(300);
      expect(await d.status()).toBe("Reconnecting…");
      await context.setOffline(false);
      await d.waitConnected(transport, RECONNECT_WAIT_MS);
      const after = await publishOk(hub.url, batch.slice(6));

      const all = [...before, ...whileAway, ...after];
      await d.waitForSeqs(all);
      // Nothing else is published, so the page holds exactly these nine signals, each once.
      const shown = await d.itemSeqs();
      expect([...shown].sort((a, b) => a - b)).toEqual(all);
      // Newest first.
      expect(shown).toEqual([...all].reverse());
      await d.waitForLastSeq(after.at(-1) as number);
      expect(await d.page.textContent('[data-testid="last-seq"]')).toBe(String(after.at(-1)));

      const statuses = (await d.probe()).status.map((x) => x.text);
      expect(statuses.slice(-3)).toEqual(["Connected", "Reconnecting…", "Connected"]);
    });
  });
});
