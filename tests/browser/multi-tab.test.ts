/**
 * Three tabs of one browser on the same dashboard share one hub connection (the SDK's
 * connectShared: a leader tab elected with Web Locks relays over BroadcastChannel). The hub sees
 * one client, every tab shows every event; when the leader's tab closes another tab takes over
 * the connection, and events published around the handover appear exactly once in the others.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchBrowser } from "../helpers/browser.ts";
import { signals, uniqueStrategy } from "../helpers/fixtures.ts";
import { type StartedHub, startHub } from "../helpers/hub.ts";
import { health, publishOk } from "../helpers/publish.ts";
import { requireTool, skipWithoutTool } from "../helpers/tools.ts";
import { sleep, waitUntil } from "../helpers/wait.ts";
import { DASHBOARD_HUB_ENV, type DashboardPage, installProbe, openDashboard } from "./dashboard-page.ts";

setDefaultTimeout(45_000);

/** Open `/ws` sockets per page, as Chromium reports them: the leader tab is the one holding one. */
class SocketWatch {
  private readonly open = new Map<Page, number>();

  watch(page: Page): void {
    this.open.set(page, 0);
    page.on("websocket", (ws) => {
      if (new URL(ws.url()).pathname !== "/ws") return;
      this.open.set(page, (this.open.get(page) ?? 0) + 1);
      ws.on("close", () => this.open.set(page, (this.open.get(page) ?? 1) - 1));
    });
  }

  /** The pages holding an open hub WebSocket right now. */
  holders(): Page[] {
    return [...this.open].filter(([p, n]) => n > 0 && !p.isClosed()).map(([p]) => p);
  }
}

async function hubConnections(url: string): Promise<number> {
  const h = await health(url);
  return h.body.clients.ws + h.body.clients.sse;
}

/** Waits until the hub counts exactly one client, and still does a moment later (catch-ups are brief). */
async function waitForOneConnection(url: string): Promise<void> {
  await waitUntil(
    async () => {
      if ((await hubConnections(url)) !== 1) return false;
      await sleep(400);
      return (await hubConnections(url)) === 1;
    },
    { timeoutMs: 15_000, everyMs: 100, what: "the hub to count exactly one client" },
  );
}

/** Every seq in `want` is shown exactly once, and nothing else is. */
async function expectExactly(d: DashboardPage, want: number[]): Promise<void> {
  await d.waitForSeqs(want, 10_000);
  const shown = await d.itemSeqs();
  expect([...shown].sort((a, b) => a - b)).toEqual([...want].sort((a, b) => a - b));
}

describe.skipIf(skipWithoutTool("chromium"))("dashboard in three tabs sharing one connection", () => {
  let browser: Browser;
  let hub: StartedHub;
  let context: BrowserContext;
  const sockets = new SocketWatch();
  let tabs: DashboardPage[] = [];
  const published: number[] = [];
  const s = uniqueStrategy("Tabs");
  const batch = signals(s, 12);

  beforeAll(async () => {
    requireTool("chromium");
    hub = await startHub({ env: DASHBOARD_HUB_ENV });
    browser = await launchBrowser();
    // One context = one browser profile: its tabs share BroadcastChannel and Web Locks.
    context = await browser.newContext();
    await installProbe(context);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await hub?.dispose();
  });

  test("three tabs make one hub connection and each shows every event once", async () => {
    for (let i = 0; i < 3; i++) {
      tabs.push(await openDashboard(context, hub.url, { expect: "ws", onPage: (p) => sockets.watch(p) }));
    }
    await waitForOneConnection(hub.url);
    expect(sockets.holders()).toHaveLength(1);

    published.push(...(await publishOk(hub.url, batch.slice(0, 4))));
    for (const d of tabs) {
      await expectExactly(d, published);
      expect(await d.status()).toBe("Connected");
      expect(await d.transport()).toBe("WebSocket");
    }
    expect(await hubConnections(hub.url)).toBe(1);
  });

  test("closing the leader's tab hands the connection over; events around the handover show once", async () => {
    expect(tabs).toHaveLength(3);
    const leaderPage = sockets.holders()[0] as Page;
    const leader = tabs.find((d) => d.page === leaderPage) as DashboardPage;
    const rest = tabs.filter((d) => d !== leader);

    // Just before the close (the leader may or may not relay them), during the handover, after it.
    published.push(...(await publishOk(hub.url, batch.slice(4, 6))));
    await leaderPage.close();
    published.push(...(await publishOk(hub.url, batch.slice(6, 8))));
    await waitUntil(() => sockets.holders().length === 1, { timeoutMs: 15_000, what: "a new leader's WebSocket" });
    published.push(...(await publishOk(hub.url, batch.slice(8))));

    await waitForOneConnection(hub.url);
    expect(rest.map((d) => d.page)).toContain(sockets.holders()[0] as Page);
    for (const d of rest) {
      await expectExactly(d, published);
      expect(await d.status()).toBe("Connected");
    }
    tabs = rest;
  });
});
