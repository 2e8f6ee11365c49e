/**
 * Launches Debian's Chromium (/usr/bin/chromium) through playwright-core — no downloaded browser.
 * The flags keep it quiet and offline on a CI box: no sandbox (root in a container), no GPU,
 * no QUIC, no first-run, background networking, component updates or sync.
 * Chromium 156's Local Network Access checks block a page on http://127.0.0.1 from opening
 * ws://127.0.0.1 sockets (it treats the socket as a private-network request needing a permission
 * prompt), so those checks are turned off: every test page and hub here live on loopback.
 * (Chromium honours only the last `--disable-features=`: a caller adding its own must repeat it.)
 * Use with `describe.skipIf(skipWithoutTool("chromium"))` and `requireTool("chromium")` (./tools.ts).
 */
import type { Browser, LaunchOptions } from "playwright-core";
import { chromium } from "playwright-core";
import { CHROMIUM_PATH, toolMissing } from "./tools.ts";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-features=LocalNetworkAccessChecks",
] as const;

/** Starts headless Chromium; close it in afterAll (`await browser.close()`). */
export async function launchBrowser(options: Omit<LaunchOptions, "executablePath"> = {}): Promise<Browser> {
  const missing = toolMissing("chromium");
  if (missing) throw new Error(missing);
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    timeout: 30_000,
    ...options,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
  });
}
