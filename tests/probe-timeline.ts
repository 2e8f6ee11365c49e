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
  cdp.on("Network.requestWillBeSent", (e: any) => { if (e.type === "Document" && !navTs) navTs = e.timestamp; marks.push([`req ${e.request.url.split("/").pop()?.slice(0,40)}`, e.timestamp]); });
  cdp.on("Network.loadingFinished", (e: any) => marks.push([`done ${e.requestId} ${e.encodedDataLength}`, e.timestamp]));
  cdp.on("Network.webSocketCreated", (e: any) => marks.push(["ws created", performance.now()/1000]));
  cdp.on("Network.webSocketFrameReceived", (e: any) => marks.push([`ws frame ${e.response.payloadData.length}`, e.timestamp]));
  await page.addInitScript((w: string) => {
    new MutationObserver(() => {
      if ((window as any).__at === undefined && document.querySelector('[data-testid="sum-total-trades"]')?.textContent === w) (window as any).__at = performance.now();
    }).observe(document, { subtree: true, childList: true, characterData: true });
  }, want);
  await page.goto(url);
  await page.waitForFunction(() => (window as any).__at !== undefined, undefined, { timeout: 30000 });
  const nav = await page.evaluate(() => { const n = performance.getEntriesByType("navigation")[0] as any; const fp = performance.getEntriesByType("paint").map((p: any) => `${p.name}=${p.startTime.toFixed(0)}`); return { at: (window as any).__at, resp: n.responseEnd, dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd, fp, res: performance.getEntriesByType("resource").map((r: any) => `${r.name.split("/").pop().slice(0,30)} ${r.startTime.toFixed(0)}-${r.responseEnd.toFixed(0)}`) }; });
  console.log(JSON.stringify(nav));
  console.log(marks.filter(([k]) => k.startsWith("ws frame")).slice(0,4).map(([k, t]) => `${k} +${((t - navTs) * 1000).toFixed(0)}ms`).join(" | "));
  await ctx.close();
}
await browser.close();
