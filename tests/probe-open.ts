import { launchBrowser } from "./helpers/browser.ts";
const url = process.argv[2]!;
const want = process.argv[3]!;
const browser = await launchBrowser();
for (let i = 0; i < 3; i++) {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send("Network.enable");
  let bytes = 0, ws = 0;
  cdp.on("Network.loadingFinished", (e: any) => { bytes += e.encodedDataLength; });
  cdp.on("Network.webSocketFrameReceived", (e: any) => { ws += Buffer.byteLength(e.response.payloadData); });
  await page.addInitScript((w: string) => {
    new MutationObserver(() => {
      if ((window as any).__at === undefined && document.querySelector('[data-testid="sum-total-trades"]')?.textContent === w) (window as any).__at = performance.now();
    }).observe(document, { subtree: true, childList: true, characterData: true });
  }, want);
  await page.goto(url);
  await page.waitForFunction(() => (window as any).__at !== undefined, undefined, { timeout: 30000 });
  const at = await page.evaluate(() => (window as any).__at);
  await Bun.sleep(1500);
  console.log(`load ${i}: summary at ${at.toFixed(0)} ms; http ${bytes} B, ws ${ws} B`);
  await ctx.close();
}
await browser.close();
