import { launchBrowser } from "./helpers/browser.ts";
const url = process.argv[2]!;
const want = process.argv[3]!;
const browser = await launchBrowser();
for (let i = 0; i < 3; i++) {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send("Network.enable");
  const marks: [string, number][] = [];
  let navTs = 0;
  cdp.on("Network.requestWillBeSent", (e: any) => { if (e.type === "Document" && !navTs) navTs = e.timestamp; marks.push([`req ${e.type} ${e.request.url.split("/").pop()?.slice(0,30)}`, e.timestamp]); });
  cdp.on("Network.responseReceived", (e: any) => marks.push([`resp ${e.type}`, e.timestamp]));
  cdp.on("Network.loadingFinished", (e: any) => marks.push([`done ${e.encodedDataLength}`, e.timestamp]));
  cdp.on("Network.webSocketFrameReceived", (e: any) => marks.push([`ws ${e.response.payloadData.length}`, e.timestamp]));
  cdp.on("Network.eventSourceMessageReceived", (e: any) => marks.push([`sse ${e.eventName} ${e.data.length}`, e.timestamp]));
  cdp.on("Network.dataReceived", (e: any) => { if (e.dataLength > 100000) marks.push([`data ${e.dataLength}`, e.timestamp]); });
  await page.addInitScript((w: string) => {
    const mo = new MutationObserver(() => {
      if ((window as any).__at === undefined && document.querySelector('[data-testid="sum-total-trades"]')?.textContent === w) { (window as any).__at = performance.now(); requestAnimationFrame(() => requestAnimationFrame(() => { (window as any).__shown = performance.now(); })); }
    });
    mo.observe(document, { subtree: true, childList: true, characterData: true });
  }, want);
  await page.goto(url);
  await page.waitForFunction(() => (window as any).__shown !== undefined, undefined, { timeout: 30000 });
  const r = await page.evaluate(() => { const n = performance.getEntriesByType("navigation")[0] as any; return { at: (window as any).__at, shown: (window as any).__shown, dcl: n.domContentLoadedEventEnd }; });
  console.log(`at ${r.at.toFixed(0)} shown ${r.shown.toFixed(0)} dcl ${r.dcl.toFixed(0)} :: ` + marks.filter(([k]) => !k.startsWith("req Image")).map(([k, t]) => `${k}@${((t - navTs) * 1000).toFixed(0)}`).join(" | "));
  await ctx.close();
}
await browser.close();
