/**
 * Smoke test of the browser launcher the dashboard's end-to-end tests will use: Debian's Chromium
 * starts under playwright-core with our flags, runs a page's script and reaches a local server.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser } from "playwright-core";
import { launchBrowser } from "../helpers/browser.ts";
import { requireTool, skipWithoutTool } from "../helpers/tools.ts";

describe.skipIf(skipWithoutTool("chromium"))("chromium launcher", () => {
  let browser: Browser;
  const site = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch: () =>
      new Response("<title>tw</title><p id=x>ok</p><script>document.title += '-js'</script>", {
        headers: { "Content-Type": "text/html" },
      }),
  });

  beforeAll(async () => {
    requireTool("chromium");
    browser = await launchBrowser();
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    site.stop(true);
  });

  test("loads a page from a local server and runs its script", async () => {
    const page = await browser.newPage();
    await page.goto(site.url.href);
    expect(await page.title()).toBe("tw-js");
    expect(await page.textContent("#x")).toBe("ok");
    await page.close();
  }, 20_000);
});
