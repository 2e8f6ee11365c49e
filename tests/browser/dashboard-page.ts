/**
 * The dashboard as a browser test sees it: opening it on a transport, reading the status bar,
 * summary cards and event items by their data-testids, and a probe injected before the app runs
 * that records what a person would notice — every status change, when each event item first
 * appeared (wall clock, comparable with the test process's Date.now()), console errors and CSP
 * violations.
 */
import type { TransportKind } from "@tickerwire/protocol";
import type { BrowserContext, Page } from "playwright-core";

/**
 * Environment of a hub that serves the dashboard to these tests (startHub runs NODE_ENV=production,
 * which serves no dashboard by default and refuses to start without auth configuration): the
 * page has no login, so authentication is explicitly off.
 */
export const DASHBOARD_HUB_ENV: Readonly<Record<string, string>> = { DASHBOARD: "on", AUTH: "off" };

/** What the status bar's transport label says for each transport. */
export const TRANSPORT_WORDS: Record<TransportKind, string> = { ws: "WebSocket", sse: "SSE" };

/** The event items of the four panels (metrics rows are updated in place, so not counted). */
export const ITEM_SELECTOR = '[data-testid="signal-item"], [data-testid="trade-item"], [data-testid="alert-item"]';

export interface Summary {
  totalTrades: string;
  activePositions: string;
  winRate: string;
  totalPnl: string;
}

/** What the in-page probe recorded; see PROBE. */
export interface ProbeLog {
  /** Every distinct text of the status element, in order, with the wall-clock time it appeared. */
  status: { text: string; at: number }[];
  /** First time (Date.now()) an element with each data-seq was in the DOM. */
  seen: Record<string, number>;
  csp: string[];
}

declare global {
  interface Window {
    __twProbe?: ProbeLog;
  }
}

/**
 * Runs in every page of a context before the app's script. A MutationObserver on the document
 * sees each status change and each new `[data-seq]` element in the same task that made it.
 */
function PROBE(): void {
  const log: ProbeLog = { status: [], seen: {}, csp: [] };
  window.__twProbe = log;
  document.addEventListener("securitypolicyviolation", (e) => {
    log.csp.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`);
  });
  const scan = () => {
    const now = Date.now();
    const status = document.querySelector('[data-testid="status"]')?.textContent ?? null;
    if (status !== null && log.status.at(-1)?.text !== status) log.status.push({ text: status, at: now });
    for (const el of document.querySelectorAll("[data-seq]")) {
      const seq = (el as HTMLElement).dataset.seq as string;
      if (!(seq in log.seen)) log.seen[seq] = now;
    }
  };
  new MutationObserver(scan).observe(document, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
    attributeFilter: ["data-seq"],
  });
}

/** Installs the probe in every page the context opens from now on. */
export async function installProbe(context: BrowserContext): Promise<void> {
  await context.addInitScript(PROBE);
}

/** Console errors and uncaught page errors, collected from the moment this is called. */
export interface PageProblems {
  consoleErrors: string[];
  pageErrors: string[];
}

export function watchProblems(page: Page): PageProblems {
  const problems: PageProblems = { consoleErrors: [], pageErrors: [] };
  page.on("console", (m) => {
    if (m.type() === "error") problems.consoleErrors.push(`${m.text()} @ ${m.location().url}`);
  });
  page.on("pageerror", (e) => problems.pageErrors.push(`${e.name}: ${e.message}`));
  return problems;
}

/** `/` or `/?transport=sse` on `baseUrl`. */
export function dashboardUrl(baseUrl: string, transport?: TransportKind): string {
  const url = new URL("/", baseUrl);
  if (transport) url.searchParams.set("transport", transport);
  return url.href;
}

/** Collapses the whitespace JSX leaves between fields, as a person reads the text. */
export function normalize(text: string | null): string {
  return (text ?? "").replace(/\s+/g, " ").trim();
}

const byId = (id: string) => `[data-testid="${id}"]`;

export class DashboardPage {
  constructor(readonly page: Page) {}

  async text(testId: string): Promise<string> {
    return normalize(await this.page.locator(byId(testId)).first().textContent());
  }

  status(): Promise<string> {
    return this.text("status");
  }

  transport(): Promise<string> {
    return this.text("transport");
  }

  /** Waits until the status bar reads `words` ("Connected", "Reconnecting…"). */
  async waitForStatus(words: string, timeoutMs = 10_000): Promise<void> {
    await this.page.waitForFunction((w) => document.querySelector('[data-testid="status"]')?.textContent === w, words, {
      timeout: timeoutMs,
      polling: 20,
    });
  }

  /** Waits until the status bar says Connected over `transport`. */
  async waitConnected(transport: TransportKind, timeoutMs = 10_000): Promise<void> {
    await this.waitForStatus("Connected", timeoutMs);
    await this.page.waitForFunction(
      (w) => document.querySelector('[data-testid="transport"]')?.textContent === w,
      TRANSPORT_WORDS[transport],
      { timeout: timeoutMs, polling: 20 },
    );
  }

  /**
   * Waits until the status bar's seq reads `seq`. The status bar samples the client's numbers once
   * a second (and on state changes), so it may trail the items by up to a second.
   */
  async waitForLastSeq(seq: number, timeoutMs = 5_000): Promise<void> {
    await this.page.waitForFunction(
      (want) => document.querySelector('[data-testid="last-seq"]')?.textContent === want,
      String(seq),
      { timeout: timeoutMs, polling: 20 },
    );
  }

  async summary(): Promise<Summary> {
    return {
      totalTrades: await this.text("sum-total-trades"),
      activePositions: await this.text("sum-active-positions"),
      winRate: await this.text("sum-win-rate"),
      totalPnl: await this.text("sum-total-pnl"),
    };
  }

  /** Normalized texts of the items with `testId` as shown, in page order (newest first). */
  itemTexts(testId: string): Promise<string[]> {
    return this.shownTexts(byId(testId));
  }

  /**
   * Normalized texts of the elements matching `selector` as shown, in page order. Visually hidden
   * text (the spoken form of amounts: "plus 1.50 US dollars") is left out.
   */
  async shownTexts(selector: string): Promise<string[]> {
    const texts = await this.page.locator(selector).evaluateAll((els) =>
      els.map((el) => {
        const copy = el.cloneNode(true) as Element;
        for (const hidden of copy.querySelectorAll(".visually-hidden")) hidden.remove();
        return copy.textContent;
      }),
    );
    return texts.map(normalize);
  }

  /** The seq of every event item on the page, in page order; a seq shown twice appears twice. */
  itemSeqs(): Promise<number[]> {
    return this.page.$$eval(ITEM_SELECTOR, (els) => els.map((el) => Number((el as HTMLElement).dataset.seq)));
  }

  /** Waits until an item is shown for every one of `seqs`. */
  async waitForSeqs(seqs: readonly number[], timeoutMs = 10_000): Promise<void> {
    await this.page.waitForFunction(
      ({ want, sel }) => {
        const shown = new Set([...document.querySelectorAll(sel)].map((el) => (el as HTMLElement).dataset.seq));
        return want.every((s) => shown.has(String(s)));
      },
      { want: [...seqs], sel: ITEM_SELECTOR },
      { timeout: timeoutMs, polling: 20 },
    );
  }

  /** What the probe recorded so far. */
  async probe(): Promise<ProbeLog> {
    const log = await this.page.evaluate(() => window.__twProbe);
    if (!log) throw new Error("the dashboard probe is not installed: call installProbe(context) before opening");
    return log;
  }

  /** Wall-clock time the item for `seq` first appeared, or undefined. */
  async seenAt(seq: number): Promise<number | undefined> {
    return (await this.probe()).seen[String(seq)];
  }
}

export interface OpenOptions {
  /** Forces a transport with `?transport=`; default: none (the dashboard picks). */
  transport?: TransportKind;
  /** The transport the page must end up on (default: `transport`, else "ws"). */
  expect?: TransportKind;
  timeoutMs?: number;
  /** Called with the new page before it navigates (to attach listeners that must see everything). */
  onPage?: (page: Page) => void;
}

/** Opens the dashboard in a new page of `context` and waits until it is connected as expected. */
export async function openDashboard(
  context: BrowserContext,
  baseUrl: string,
  options: OpenOptions = {},
): Promise<DashboardPage> {
  const page = await context.newPage();
  options.onPage?.(page);
  await page.goto(dashboardUrl(baseUrl, options.transport));
  const d = new DashboardPage(page);
  await d.waitConnected(options.expect ?? options.transport ?? "ws", options.timeoutMs);
  return d;
}
