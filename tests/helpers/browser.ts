/**
 * Launches Debian's Chromium (/usr/bin/chromium) through playwright-core — no downloaded browser.
 * The flags keep it quiet and offline on a CI box: no sandbox (root in a container), no GPU,
 * no QUIC, no first-run, background networking, component updates or sync, no Local Network
 * Access checks (scripts/lib/chromium.ts says why; the bench starts Chromium the same way).
 * Use with `describe.skipIf(skipWithoutTool("chromium"))` and `requireTool("chromium")` (./tools.ts).
 */
import type { Browser, LaunchOptions } from "playwright-core";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS } from "../../scripts/lib/chromium.ts";
import { CHROMIUM_PATH, toolMissing } from "./tools.ts";

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
