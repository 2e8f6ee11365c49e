/**
 * First load: the bytes a first visit to the production dashboard costs over the
 * wire, counted by Chromium itself (CDP `Network.loadingFinished.encodedDataLength`: headers and
 * body as received). Each visit is a fresh browser context (cold cache) that loads `/` and waits
 * until both charts have drawn (the charting library is a lazily loaded chunk) and the network is
 * quiet. The baseline, in the same run: the same visit with `Accept-Encoding: identity`, which is
 * what every first visit cost before the hub compressed its assets.
 */
import { join } from "node:path";
import { bundleComposition } from "../browser/bundle-composition.ts";
import { chromiumAvailable, freshPage, launchChromium } from "../browser/chromium.ts";
import { createNetworkTally, type ResourceBytes, totals } from "../browser/network-tally.ts";
import type { FirstLoadResult } from "../results.ts";
import { startServer } from "../targets/registry.ts";
import { type Ctx, errorText, scoped, waitForQuiet } from "./harness.ts";

/** Waits until the hub answers the page's script in brotli (made off its event loop at start). */
export async function waitForBrotli(base: string, timeoutMs = 20_000): Promise<void> {
  const html = await (await fetch(base)).text();
  const script = /<script[^>]+src="([^"]+)"/.exec(html)?.[1];
  if (!script) throw new Error("the dashboard page links no script");
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const res = await fetch(new URL(script, base), { headers: { "Accept-Encoding": "br" }, decompress: false });
    await res.arrayBuffer();
    if (res.headers.get("content-encoding") === "br") return;
    await Bun.sleep(100);
  }
  throw new Error("the hub has no brotli copy of its script");
}

async function visit(
  browser: Awaited<ReturnType<typeof launchChromium>>,
  url: string,
  identity: boolean,
): Promise<ResourceBytes[]> {
  const { page, cdp, close } = await freshPage(browser);
  try {
    const tally = createNetworkTally();
    cdp.on("Network.requestWillBeSent", (e) => tally.requestWillBeSent(e));
    cdp.on("Network.responseReceived", (e) => tally.responseReceived(e));
    cdp.on("Network.dataReceived", (e) => tally.dataReceived(e));
    cdp.on("Network.loadingFinished", (e) => tally.loadingFinished(e));
    await cdp.send("Network.enable");
    if (identity) await cdp.send("Network.setExtraHTTPHeaders", { headers: { "Accept-Encoding": "identity" } });
    await page.goto(url);
    for (const chart of ["chart-pnl", "chart-candles"]) {
      await page.locator(`[data-testid="${chart}"] canvas`).first().waitFor({ timeout: 20_000 });
    }
    // Network quiet: nothing pending for 500 ms (bounded).
    for (let quiet = 0, i = 0; quiet < 5 && i < 100; i++) {
      await Bun.sleep(100);
      quiet = tally.pending() === 0 ? quiet + 1 : 0;
    }
    return tally.resources();
  } finally {
    await close();
  }
}

export async function firstLoadRun(ctx: Ctx): Promise<FirstLoadResult> {
  const visits = ctx.profile.firstLoad.visits;
  const empty = { target: "hub" as const, visits, wireBytes: Number.NaN, bodyBytes: Number.NaN, resources: [] };
  if (!chromiumAvailable()) return { ...empty, identityWireBytes: Number.NaN, error: "chromium is not installed" };
  try {
    return await scoped(async (track) => {
      await waitForQuiet(ctx.profile.quietWaitMs);
      const server = await startServer("hub-ws", ctx.dirs, { DASHBOARD: "on" }, "hub-firstload");
      track(server.proc);
      await waitForBrotli(server.base);
      const browser = await launchChromium();
      try {
        const loads: ResourceBytes[][] = [];
        const plain: number[] = [];
        for (let i = 0; i < visits; i++) {
          loads.push(await visit(browser, server.base, false));
          plain.push(totals(await visit(browser, server.base, true)).wireBytes);
        }
        // The median visit (they differ only by a few header bytes).
        const ranked = loads.map((rs) => ({ rs, ...totals(rs) })).sort((a, b) => a.wireBytes - b.wireBytes);
        const mid = ranked[Math.floor(ranked.length / 2)] as (typeof ranked)[number];
        plain.sort((a, b) => a - b);
        return {
          target: "hub",
          visits,
          wireBytes: mid.wireBytes,
          bodyBytes: mid.bodyBytes,
          identityWireBytes: plain[Math.floor(plain.length / 2)] as number,
          resources: mid.rs,
          bundle: await bundleComposition(join(ctx.dirs.root, "apps/dashboard/src/index.html"), ctx.dirs.root),
        };
      } finally {
        await browser.close();
      }
    });
  } catch (e) {
    return { ...empty, identityWireBytes: Number.NaN, error: errorText(e) };
  }
}
