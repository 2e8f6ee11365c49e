/**
 * Names positions of the dashboard bundle a page runs: the same production build made again with
 * external source maps, matched to the served chunks by role (the page's entry chunk, the lazily
 * imported ones in order). Only the chunks' hash names differ between the two builds (same length),
 * so positions line up. Returns a resolver for profile-top.ts.
 */
import { type CallFrame, type Resolve, shortSource } from "./profile-top.ts";
import { type RawSourceMap, SourceMapLookup } from "./source-map.ts";

export async function bundleResolver(htmlPath: string, servedEntry: string, servedLazy: string[]): Promise<Resolve> {
  const r = await Bun.build({
    entrypoints: [htmlPath],
    target: "browser",
    minify: true,
    splitting: true,
    publicPath: "/",
    define: { "process.env.NODE_ENV": '"production"' },
    sourcemap: "external",
  });
  const maps = new Map<string, RawSourceMap>();
  for (const o of r.outputs)
    if (o.kind === "sourcemap") maps.set(o.path.replace(/\.map$/, ""), JSON.parse(await o.text()));
  const js = r.outputs.filter((o) => o.path.endsWith(".js"));
  const entry = js.find((o) => o.kind === "entry-point");
  const lazy = js.filter((o) => o.kind !== "entry-point");
  const byServed = new Map<string, SourceMapLookup>();
  const add = (served: string | undefined, built: string | undefined) => {
    const map = built ? maps.get(built) : undefined;
    if (served && map) byServed.set(served.replace(/^\//, ""), new SourceMapLookup(map));
  };
  add(servedEntry, entry?.path);
  for (const [i, p] of servedLazy.entries()) add(p, lazy[i]?.path);
  return (f: CallFrame) => {
    const file = f.url.split("/").pop() ?? "";
    const pos = byServed.get(file)?.originalPosition(f.lineNumber, f.columnNumber);
    if (!pos) return null;
    const label = pos.text.slice(0, 48) || f.functionName || "(anonymous)";
    return { file: shortSource(pos.source), line: pos.line + 1, label };
  };
}
