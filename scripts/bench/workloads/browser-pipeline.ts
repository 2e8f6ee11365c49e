/**
 * The dashboard's intake in Chromium. The production page (its real bundle) is
 * opened fresh with `?transport=ws&replay=all`, so it replays history on load instead of starting
 * from the desk snapshot (the same intake a reconnect's catch-up runs through): a catch-up
 * of `events` mixed events (mixed-events.ts), timed in the page from `connected` to the end of
 * the `replayed` message's handling (page-probe.ts) under a CPU profile (top costs named through
 * the bundle's source map). Then a live stream of `liveRate` events/s: main-thread busy share
 * (CDP Performance TaskDuration) and the delivery lag early and late in the window.
 *
 * Two feeds for the same page: the real hub (its history published beforehand, live events
 * POSTed by a publisher process) and, as the baseline, a bare server that sends the same events
 * pre-encoded with none of the hub's work (targets/bare-dashboard.ts).
 */
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { bundleResolver } from "../browser/bundle-map.ts";
import { chromiumAvailable, launchChromium } from "../browser/chromium.ts";
import { PAGE_PROBE, type ProbeStats } from "../browser/page-probe.ts";
import { type CpuProfile, type Resolve, topCosts } from "../browser/profile-top.ts";
import { mixedPublish } from "../load/mixed-events.ts";
import { spawnTracked, type Tracked } from "../processes.ts";
import type { BrowserRun, ProfileCosts } from "../results.ts";
import { percentile } from "../stats.ts";
import { startServer } from "../targets/registry.ts";
import { waitForBrotli } from "./first-load.ts";
import { type Ctx, errorText, scoped, spawnLoad, waitForQuiet } from "./harness.ts";

interface Feed {
  base: string;
  startLive(): Promise<void>;
  stopLive(): Promise<void>;
}

/** Publishes history to the hub: `events` mixed events in batches of 1,000, two in flight. */
async function publishHistory(base: string, events: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < events) {
      const from = next;
      next = Math.min(events, next + 1000);
      const items = [];
      for (let k = from; k < next; k++) items.push(mixedPublish(k));
      const res = await fetch(`${base}/api/v1/events`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(items),
      });
      if (res.status !== 202)
        throw new Error(`publishing history: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
    }
  };
  await Promise.all([worker(), worker()]);
}

async function metric(cdp: import("playwright-core").CDPSession, name: string): Promise<number> {
  const { metrics } = (await cdp.send("Performance.getMetrics")) as { metrics: { name: string; value: number }[] };
  return metrics.find((m) => m.name === name)?.value ?? Number.NaN;
}

function profileCosts(p: CpuProfile, resolve: Resolve): ProfileCosts {
  const fns = topCosts(p, "function", 8, resolve);
  return { busyMs: fns.busyMs, functions: fns.entries, files: topCosts(p, "file", 8, resolve).entries };
}

async function measure(ctx: Ctx, browser: Browser, target: BrowserRun["target"], feed: Feed): Promise<BrowserRun> {
  const p = ctx.profile.browser;
  const context = await browser.newContext();
  try {
    await context.addInitScript(PAGE_PROBE);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Performance.enable");
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
    await cdp.send("Profiler.start");
    await page.goto(`${feed.base}/?transport=ws&replay=all`);
    await page.waitForFunction(() => (window.__twBench?.replayedAt ?? 0) > 0, null, { timeout: 180_000, polling: 50 });
    const { profile } = (await cdp.send("Profiler.stop")) as { profile: CpuProfile };
    const probe = () => page.evaluate(() => window.__twBench as ProbeStats);
    const caught = await probe();
    const catchUpMs = caught.replayedAt - caught.connectedAt;

    // Which chunks the page runs, to name profile positions through the source map.
    const scripts = await page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name));
    const entry = new URL(
      await page.evaluate(() => document.querySelector("script[src]")?.getAttribute("src") ?? "/"),
      feed.base,
    ).pathname;
    const lazy = scripts.map((s) => new URL(s).pathname).filter((s) => s.endsWith(".js") && s !== entry);
    const resolve = await bundleResolver(join(ctx.dirs.root, "apps/dashboard/src/index.html"), entry, lazy);

    await Bun.sleep(1000); // the throttled repaints after the catch-up
    await feed.startLive();
    await Bun.sleep(p.warmupMs);
    await cdp.send("Profiler.start");
    const task0 = await metric(cdp, "TaskDuration");
    const t0 = Date.now();
    const a = await probe();
    await Bun.sleep(p.liveMs);
    const task1 = await metric(cdp, "TaskDuration");
    const t1 = Date.now();
    const b = await probe();
    const { profile: liveProfile } = (await cdp.send("Profiler.stop")) as { profile: CpuProfile };
    await feed.stopLive();
    // Lag samples taken inside the window, split into its first and second half.
    const lags = b.lag.slice(a.lag.length).map(([, l]) => l);
    const half = Math.floor(lags.length / 2);
    const p50 = (xs: number[]) =>
      percentile(
        [...xs].sort((x, y) => x - y),
        50,
      );
    return {
      target,
      events: p.events,
      catchUpMs,
      catchUpPerSec: (p.events / catchUpMs) * 1000,
      profile: profileCosts(profile, resolve),
      live: {
        rate: p.liveRate,
        receivedPerSec: ((b.events - a.events) / (t1 - t0)) * 1000,
        messagesPerSec: ((b.frames - a.frames) / (t1 - t0)) * 1000,
        profile: profileCosts(liveProfile, resolve),
        busyPct: ((task1 - task0) / ((t1 - t0) / 1000)) * 100,
        lagEarlyMs: p50(lags.slice(0, half)),
        lagLateMs: p50(lags.slice(half)),
      },
    };
  } finally {
    await context.close();
  }
}

async function hubFeed(ctx: Ctx, track: <P extends Tracked>(p: P) => P): Promise<Feed> {
  const p = ctx.profile.browser;
  const server = await startServer("hub-ws", ctx.dirs, { DASHBOARD: "on" }, "hub-browser");
  track(server.proc);
  await publishHistory(server.base, p.events);
  await waitForBrotli(server.base);
  let publisher: Tracked | null = null;
  return {
    base: server.base,
    async startLive() {
      publisher = track(
        spawnLoad(ctx, "steady-publisher", {
          url: `${server.base}/api/v1/events`,
          rate: p.liveRate,
          topics: 1,
          runId: `browser-${Date.now()}`,
          maxDurationMs: p.warmupMs + p.liveMs + 30_000,
          kind: "mixed",
          startK: p.events,
        }),
      );
    },
    async stopLive() {
      publisher?.send({ cmd: "stop" });
      await publisher?.nextEvent("report", 30_000);
    },
  };
}

async function bareFeed(ctx: Ctx, track: <P extends Tracked>(p: P) => P): Promise<Feed> {
  const p = ctx.profile.browser;
  const proc = track(
    spawnTracked("server-bare-dashboard", ["bun", join(ctx.dirs.benchDir, "targets/bare-dashboard.ts")], {
      cwd: ctx.dirs.benchDir,
      logDir: ctx.dirs.tmpDir,
      env: { PORT: "0", HOST: "127.0.0.1", BARE_EVENTS: String(p.events) },
    }),
  );
  const line = await proc.nextLine((l) => l.startsWith("listening http://"), 60_000);
  const base = line.slice("listening ".length).trim();
  return {
    base,
    async startLive() {
      const res = await fetch(`${base}/live`, {
        method: "POST",
        body: JSON.stringify({ rate: p.liveRate, durationMs: p.warmupMs + p.liveMs + 500 }),
      });
      await res.arrayBuffer();
    },
    async stopLive() {
      await Bun.sleep(600);
    },
  };
}

export async function browserRun(ctx: Ctx, target: BrowserRun["target"]): Promise<BrowserRun> {
  const p = ctx.profile.browser;
  const failed = (error: string): BrowserRun => ({
    target,
    events: p.events,
    catchUpMs: Number.NaN,
    catchUpPerSec: Number.NaN,
    error,
  });
  if (!chromiumAvailable()) return failed("chromium is not installed");
  try {
    return await scoped(async (track) => {
      await waitForQuiet(ctx.profile.quietWaitMs);
      const feed = target === "hub" ? await hubFeed(ctx, track) : await bareFeed(ctx, track);
      const browser = await launchChromium();
      try {
        return await measure(ctx, browser, target, feed);
      } finally {
        await browser.close();
      }
    });
  } catch (e) {
    return failed(errorText(e));
  }
}
