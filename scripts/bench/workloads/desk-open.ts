/**
 * Desk open: the dashboard opened in Chromium on a hub with a long trading history —
 * by default 1,000,000 events (the desk workload's stream: trade pairs, signals, metrics,
 * candles), 100 strategies, 1,000 open positions.
 *
 * The history is written straight into a SQLite log by a load process through the bus API, with
 * the desk state as the bus's projection (load/desk-log.ts: what the hub does on publish, minus
 * HTTP); the hub then starts on that file (restoring the state from its last checkpoint). Each
 * load is a cold one (a fresh browser context: no cache, no storage), on WebSocket and on SSE:
 * - time from navigation start to the exact summary on screen: the page's performance.now() at
 *   the second animation frame after all six summary figures first equal the hub's ledger (the
 *   frame that shows them has been produced by then);
 * - bytes received over the wire until the page has settled (wire-tally.ts: every HTTP request,
 *   scripts included, the stream, WebSocket frames).
 */
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { launchChromium } from "../browser/chromium.ts";
import type { DeskOpenLoad, DeskOpenResult } from "../results.ts";
import { startServer } from "../targets/registry.ts";
import { type Ctx, errorText, scoped, spawnLoad, waitForQuiet } from "./harness.ts";
import { createWireTally } from "./wire-tally.ts";

/** How the desk-open figures were measured, for the report's notes. */
export const DESK_OPEN_NOTE =
  "Dashboard opened on a long history (desk-open): a load process writes the desk workload's trading stream into a SQLite log through the bus API (each batch validated as a publish is, committed, folded into the desk state as the bus's projection and checkpointed with the log, as the hub does), then the hub starts on that file with DASHBOARD=on (production: the bundled dashboard). Each load is cold: a fresh Chromium context (no cache, no storage) at 1440×900, `/` (WebSocket) or `/?transport=sse`. Exact summary on screen = the page's performance.now() (ms since navigation start) at the second animation frame after all six summary figures first equal the hub's ledger from GET /api/v1/snapshot (which is also checked against the closes summed by the writer). Bytes = DevTools Network events until the network was quiet for 1 s: loadingFinished encodedDataLength per HTTP request (scripts, styles, the document), the chunks of a still-open SSE stream, and every WebSocket frame received (payload + header).";

export interface DeskOpenPlan {
  events: number;
  strategies: number;
  openPositions: number;
  /** Cold loads per transport. */
  loads: number;
}

const LOAD_TIMEOUT_MS = 30_000;
/** The page has settled once the network was quiet this long after the summary showed. */
const SETTLE_MS = 1_000;

interface LogReport {
  ms: number;
  closed: number;
  wins: number;
  realizedCents: number;
}

interface LedgerTotal {
  closed_trades: number;
  wins: number;
  realized_pnl: number;
  unrealized_pnl: number;
  open_positions: number;
}

/** `$1,234.56` / `-$12.00`, as the dashboard writes an amount. */
function money(value: number): string {
  const text = Math.abs(value).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return value < 0 && text !== "0.00" ? `-$${text}` : `$${text}`;
}

/** The six summary figures the page must show for this ledger, by test id. */
export function summaryFor(t: LedgerTotal): Record<string, string> {
  return {
    "sum-realized-pnl": money(t.realized_pnl),
    "sum-unrealized-pnl": money(t.unrealized_pnl),
    "sum-total-pnl": money(t.realized_pnl + t.unrealized_pnl),
    "sum-total-trades": String(t.closed_trades),
    "sum-win-rate": `${(t.closed_trades > 0 ? (t.wins / t.closed_trades) * 100 : 0).toFixed(2)}%`,
    "sum-active-positions": String(t.open_positions),
  };
}

/** Runs in the page before its scripts: notes when the summary first reads `want`, then when that frame is out. */
function summaryProbe(want: Record<string, string>): void {
  const w = window as unknown as { __deskShownAt?: number };
  const matches = () =>
    Object.entries(want).every(([id, text]) => document.querySelector(`[data-testid="${id}"]`)?.textContent === text);
  const observer = new MutationObserver(() => {
    if (!matches()) return;
    observer.disconnect();
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        w.__deskShownAt = performance.now();
      }),
    );
  });
  observer.observe(document, { subtree: true, childList: true, characterData: true });
}

async function coldLoad(
  browser: Browser,
  url: string,
  want: Record<string, string>,
): Promise<Omit<DeskOpenLoad, "transport">> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const tally = createWireTally();
    let lastNetwork = Date.now();
    const seen =
      <T>(fn: (e: T) => void) =>
      (e: T) => {
        lastNetwork = Date.now();
        fn(e);
      };
    cdp.on(
      "Network.requestWillBeSent",
      seen((e) => tally.requestWillBeSent(e)),
    );
    cdp.on(
      "Network.dataReceived",
      seen((e) => tally.dataReceived(e)),
    );
    cdp.on(
      "Network.loadingFinished",
      seen((e) => tally.loadingFinished(e)),
    );
    cdp.on(
      "Network.webSocketFrameReceived",
      seen((e) => tally.webSocketFrameReceived(e)),
    );
    cdp.on(
      "Network.eventSourceMessageReceived",
      seen((e) => tally.eventSourceMessageReceived(e)),
    );
    await cdp.send("Network.enable");
    await page.addInitScript(summaryProbe, want);
    await page.goto(url);
    await page.waitForFunction(() => (window as { __deskShownAt?: number }).__deskShownAt !== undefined, undefined, {
      timeout: LOAD_TIMEOUT_MS,
      polling: 50,
    });
    const summaryMs = await page.evaluate(() => (window as { __deskShownAt?: number }).__deskShownAt as number);
    const settleBy = Date.now() + 10_000;
    while (Date.now() - lastNetwork < SETTLE_MS && Date.now() < settleBy) await Bun.sleep(100);
    const { bytes, byKind } = tally.totals();
    return { summaryMs, bytes, byKind };
  } finally {
    await context.close();
  }
}

export async function deskOpenRun(ctx: Ctx, plan: DeskOpenPlan): Promise<DeskOpenResult> {
  const result: DeskOpenResult = {
    events: plan.events,
    strategies: plan.strategies,
    openPositions: plan.openPositions,
    prepMs: 0,
    startupMs: 0,
    snapshotBytes: 0,
    ledgerAgrees: false,
    loads: [],
  };
  const dbPath = join(ctx.dirs.tmpDir, "desk-open.db");
  try {
    const log = await scoped(async (track) => {
      const p = track(spawnLoad(ctx, "desk-log", { path: dbPath, ...plan, batch: 1_000 }));
      return p.nextEvent<LogReport>("report", 20 * 60_000);
    });
    result.prepMs = log.ms;
    ctx.log(`  history written: ${plan.events.toLocaleString("en-US")} events in ${(log.ms / 1000).toFixed(1)} s`);
    await waitForQuiet(ctx.profile.quietWaitMs);
    await scoped(async (track) => {
      const t = performance.now();
      const s = await startServer("hub-ws", ctx.dirs, { DB_PATH: dbPath, DASHBOARD: "on" }, "hub-desk-open");
      result.startupMs = performance.now() - t;
      track(s.proc);
      const res = await fetch(`${s.base}/api/v1/snapshot`);
      const text = await res.text();
      result.snapshotBytes = Buffer.byteLength(text);
      const total = (JSON.parse(text) as { state: { ledger: { total: LedgerTotal } } }).state.ledger.total;
      result.ledgerAgrees =
        total.closed_trades === log.closed &&
        total.wins === log.wins &&
        Math.round(total.realized_pnl * 100) === log.realizedCents;
      const want = summaryFor(total);
      const browser = await launchChromium();
      try {
        for (const transport of ["ws", "sse"] as const) {
          for (let i = 0; i < plan.loads; i++) {
            const load = await coldLoad(browser, `${s.base}/${transport === "sse" ? "?transport=sse" : ""}`, want);
            result.loads.push({ transport, ...load });
            ctx.log(
              `  ${transport} load ${i + 1}: summary at ${load.summaryMs.toFixed(0)} ms, ${(load.bytes / 1024).toFixed(0)} KB`,
            );
          }
        }
      } finally {
        await browser.close();
      }
    });
  } catch (e) {
    result.error = errorText(e);
  }
  return result;
}
