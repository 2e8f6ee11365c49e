/**
 * Chromium for the bench's browser workloads: Debian's /usr/bin/chromium through playwright-core,
 * started the way the browser tests start it (scripts/lib/chromium.ts), plus a CDP session per
 * page. The caller closes the browser (which ends its processes) in a finally.
 */
import { existsSync } from "node:fs";
import { type Browser, type CDPSession, chromium, type Page } from "playwright-core";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../../lib/chromium.ts";

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, timeout: 30_000, args: [...CHROMIUM_ARGS] });
}

/** A fresh context (cold cache, no storage) with one page and a CDP session on it. */
export async function freshPage(browser: Browser): Promise<{ page: Page; cdp: CDPSession; close(): Promise<void> }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  return { page, cdp, close: () => context.close() };
}
