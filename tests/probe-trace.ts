import { launchBrowser } from "./helpers/browser.ts";
const url = process.argv[2]!;
const want = process.argv[3]!;
const browser = await launchBrowser();
const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
const page = await ctx.newPage();
await page.addInitScript((w: string) => {
  const mo = new MutationObserver(() => {
    if ((window as any).__at === undefined && document.querySelector('[data-testid="sum-total-trades"]')?.textContent === w) { (window as any).__at = performance.now(); performance.mark("summary"); requestAnimationFrame(() => requestAnimationFrame(() => { (window as any).__shown = performance.now(); performance.mark("shown"); })); }
  });
  mo.observe(document, { subtree: true, childList: true, characterData: true });
}, want);
await browser.startTracing(page, { categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "blink.user_timing", "v8.execute"] });
await page.goto(url);
await page.waitForFunction(() => (window as any).__shown !== undefined, undefined, { timeout: 30000 });
const buf = await browser.stopTracing();
const r = await page.evaluate(() => ({ at: (window as any).__at, shown: (window as any).__shown }));
const trace = JSON.parse(buf.toString());
const evs = trace.traceEvents as any[];
const nav = evs.find((e) => e.name === "navigationStart" || e.name === "NavigationStart")?.ts ?? evs.find(e => e.name === "TracingStartedInBrowser")?.ts;
const main = evs.filter((e) => e.ph === "X" && e.dur > 2000);
const sum = new Map<string, number>();
for (const e of main) { if (["Layout","UpdateLayoutTree","Paint","FunctionCall","EvaluateScript","v8.compile","ParseHTML","TimerFire","FireAnimationFrame","EventDispatch","RunMicrotasks","PrePaint","Layerize","HitTest","ParseAuthorStyleSheet","CompileScript", "v8.run", "RunTask"].includes(e.name)) sum.set(e.name, (sum.get(e.name) ?? 0) + e.dur / 1000); }
console.log(r);
console.log([...sum].sort((a,b)=>b[1]-a[1]).map(([k,v])=>`${k} ${v.toFixed(0)}ms`).join(", "));
const marks = evs.filter(e => e.name === "summary" || e.name === "shown");
const big = main.filter(e => ["Layout","UpdateLayoutTree","Paint","FunctionCall","TimerFire","FireAnimationFrame","EventDispatch","RunMicrotasks","EvaluateScript","PrePaint"].includes(e.name) && e.dur > 10000).map(e => `${e.name} @${((e.ts - nav)/1000).toFixed(0)} ${(e.dur/1000).toFixed(0)}ms`);
console.log(big.join("\n"));
await browser.close();
