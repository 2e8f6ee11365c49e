import { launchBrowser } from "./helpers/browser.ts";
const url = process.argv[2]!;
const want = process.argv[3]!;
const browser = await launchBrowser();
const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
const page = await ctx.newPage();
const cdp = await ctx.newCDPSession(page);
await cdp.send("Profiler.enable");
await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
await page.addInitScript((w: string) => {
  new MutationObserver(() => {
    if ((window as any).__at === undefined && document.querySelector('[data-testid="sum-total-trades"]')?.textContent === w) (window as any).__at = performance.now();
  }).observe(document, { subtree: true, childList: true, characterData: true });
}, want);
await cdp.send("Profiler.start");
await page.goto(url);
await page.waitForFunction(() => (window as any).__at !== undefined, undefined, { timeout: 30000 });
const { profile } = (await cdp.send("Profiler.stop")) as any;
console.log("at", await page.evaluate(() => (window as any).__at));
// self time per function
const self = new Map<string, number>();
const byId = new Map(profile.nodes.map((n: any) => [n.id, n]));
const dt = profile.timeDeltas as number[];
profile.samples.forEach((id: number, i: number) => {
  const n: any = byId.get(id);
  const k = `${n.callFrame.functionName || "(anon)"} ${n.callFrame.url.split("/").pop()}:${n.callFrame.lineNumber}`;
  self.set(k, (self.get(k) ?? 0) + (dt[i] ?? 0) / 1000);
});
console.log([...self].sort((a, b) => b[1] - a[1]).slice(0, 30).map(([k, v]) => `${v.toFixed(1)}ms ${k}`).join("\n"));
// inclusive time for a few names
await Bun.write("/tmp/dlog/open.cpuprofile", JSON.stringify(profile));
await browser.close();
// inclusive times
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const incl = new Map<string, number>();
profile.samples.forEach((id: number, i: number) => {
  const seen = new Set<string>();
  let cur: number | undefined = id;
  while (cur !== undefined) {
    const n: any = byId.get(cur);
    const k = `${n.callFrame.functionName || "(anon)"} ${n.callFrame.url.split("/").pop()}`;
    if (!seen.has(k)) { seen.add(k); incl.set(k, (incl.get(k) ?? 0) + (dt[i] ?? 0) / 1000); }
    cur = parent.get(cur);
  }
});
console.log("--- inclusive");
console.log([...incl].filter(([k]) => /decode|parseDesk|replace|safeParse|render|createChart|Session|snapshot|apply|select|strategyRows|positionRows|equitySeries|JSON|diff|App|Filters|Metrics|Panel|commit|flush/i.test(k)).sort((a, b) => b[1] - a[1]).slice(0, 40).map(([k, v]) => `${v.toFixed(1)}ms ${k}`).join("\n"));
