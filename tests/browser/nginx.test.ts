/**
 * The dashboard behind a real nginx. "strict" (a corporate proxy: WebSocket upgrades refused,
 * buffering and gzip on, 5 s read timeout): the page falls back to SSE, shows a new event within
 * DELIVERY_BOUND_MS of its publication, and its one SSE stream outlives the proxy's read timeout (the hub's
 * heartbeats, every 2 s here, keep it open). "full" (a well-configured proxy): WebSocket.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchBrowser } from "../helpers/browser.ts";
import { signal, signals, uniqueStrategy } from "../helpers/fixtures.ts";
import { HubStartError, type StartedHub, startHub } from "../helpers/hub.ts";
import { freePort } from "../helpers/net.ts";
import { type Nginx, startNginx } from "../helpers/nginx.ts";
import { publishOk } from "../helpers/publish.ts";
import { requireTool, skipWithoutTool } from "../helpers/tools.ts";
import { DASHBOARD_HUB_ENV, type DashboardPage, installProbe, openDashboard } from "./dashboard-page.ts";

setDefaultTimeout(40_000);
const STRICT_READ_TIMEOUT_MS = 5000;
/**
 * How soon the page must show an event. A buffering proxy holds small events for seconds (until its
 * buffer fills or the 5 s read timeout ends the response), so half the read timeout still catches
 * buffering, while leaving room for a loaded 2-core box running hub, nginx and Chromium.
 */
const DELIVERY_BOUND_MS = 2500;

/** Counts the page's attempts per transport: SSE requests and WebSocket handshakes. */
function countConnections(page: Page): { sse: number; ws: number } {
  const n = { sse: 0, ws: 0 };
  page.on("request", (r) => {
    if (new URL(r.url()).pathname === "/sse") n.sse++;
  });
  page.on("websocket", () => n.ws++);
  return n;
}

/** Publishes one event straight to the hub and resolves with how long the page took to show it. */
async function deliveryMs(d: DashboardPage, hubUrl: string, item: unknown): Promise<number> {
  const sentAt = Date.now();
  const [seq] = await publishOk(hubUrl, item);
  await d.waitForSeqs([seq as number], 5000);
  return ((await d.seenAt(seq as number)) as number) - sentAt;
}

describe.skipIf(skipWithoutTool("chromium") || skipWithoutTool("nginx"))("dashboard behind nginx", () => {
  let browser: Browser;
  let hub: StartedHub;
  let strict: Nginx;
  let full: Nginx;
  let context: BrowserContext;

  beforeAll(async () => {
    requireTool("chromium");
    requireTool("nginx");
    // The proxies come first, so the hub can be told their origins: the page's Origin is the
    // proxy's, which a production hub (same-origin by default) must be configured to accept.
    // So the hub's port is picked before it binds it: another process can take it meanwhile, in
    // which case the hub exits before listening and we try again with a new port (a few times).
    for (let attempt = 1; ; attempt++) {
      const hubPort = freePort();
      const upstream = `http://127.0.0.1:${hubPort}`;
      strict = await startNginx(upstream, "strict");
      full = await startNginx(upstream, "full");
      try {
        hub = await startHub({
          env: {
            ...DASHBOARD_HUB_ENV,
            PORT: String(hubPort),
            SSE_HEARTBEAT_MS: "2000",
            ALLOWED_ORIGINS: `${strict.url},${full.url}`,
          },
        });
        expect(hub.url).toBe(upstream);
        break;
      } catch (e) {
        await strict.stop();
        await full.stop();
        const taken = e instanceof HubStartError && /before listening[\s\S]*in use/.test(e.message);
        if (!taken || attempt === 3) throw e;
      }
    }
    browser = await launchBrowser();
    context = await browser.newContext();
    await installProbe(context);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await strict?.stop();
    await full?.stop();
    await hub?.dispose();
  });

  test("strict mode: connects over SSE, shows each event within 2.5 s, and stays connected past the 5 s read timeout", async () => {
    // No `?transport=`: the page tries WebSocket, is refused, and must fall back on its own.
    let attempts = { sse: 0, ws: 0 };
    const d = await openDashboard(context, strict.url, {
      expect: "sse",
      timeoutMs: 15_000,
      onPage: (page) => {
        attempts = countConnections(page);
      },
    });
    expect(await d.transport()).toBe("SSE");
    expect(attempts.ws).toBeGreaterThanOrEqual(1);
    expect(attempts.sse).toBe(1);

    const s = uniqueStrategy("Strict");
    for (const item of signals(s, 2)) {
      expect(await deliveryMs(d, hub.url, item)).toBeLessThan(DELIVERY_BOUND_MS);
      await Bun.sleep(200);
    }

    // Quiet for longer than the proxy's read timeout.
    const statusesBefore = (await d.probe()).status.length;
    await Bun.sleep(STRICT_READ_TIMEOUT_MS + 2000);
    expect(await d.status()).toBe("Connected");
    // Still the same stream: no reconnect, no second SSE request, no status flicker.
    expect(attempts.sse).toBe(1);
    expect((await d.probe()).status.length).toBe(statusesBefore);
    expect(await deliveryMs(d, hub.url, signal(s, 10))).toBeLessThan(DELIVERY_BOUND_MS);
    expect(await d.itemSeqs()).toHaveLength(3);
    await d.page.close();
  });

  test("full mode: connects over WebSocket and events flow", async () => {
    const d = await openDashboard(context, full.url, { expect: "ws" });
    expect(await d.transport()).toBe("WebSocket");
    const s = uniqueStrategy("Full");
    const seqs = await publishOk(full.url, signals(s, 3));
    await d.waitForSeqs(seqs, 5000);
    expect(await d.status()).toBe("Connected");
    // The page replayed the strict test's events too: every seq of this hub once.
    const shown = await d.itemSeqs();
    expect(new Set(shown).size).toBe(shown.length);
    expect(shown.slice(0, 3)).toEqual([...seqs].reverse());
    expect(await deliveryMs(d, hub.url, signal(s, 10))).toBeLessThan(DELIVERY_BOUND_MS);
    await d.page.close();
  });
});
