/**
 * Production build of the dashboard: Bun's bundler run on its index.html with the options Bun's
 * HTML import uses in production (minified, NODE_ENV=production; the same content-hashed files),
 * plus code splitting, so a module the page imports lazily (the charting library) is a chunk of
 * its own. Done once at start-up (~0.1-0.3 s); the files are then served from memory.
 */
import type { StaticFile } from "./precompressed.ts";

export interface BuiltDashboard {
  /** The page itself (`index.html` with its asset URLs rewritten to the hashed names). */
  page: StaticFile;
  /** Scripts, styles, icons: content-hashed names under `/`. */
  assets: StaticFile[];
}

export class DashboardBuildError extends Error {
  override readonly name = "DashboardBuildError";
}

export async function buildDashboard(htmlPath: string): Promise<BuiltDashboard> {
  const result = await Bun.build({
    entrypoints: [htmlPath],
    target: "browser",
    minify: true,
    splitting: true,
    publicPath: "/",
    define: { "process.env.NODE_ENV": '"production"' },
    throw: false,
  });
  if (!result.success) {
    const first = result.logs.find((l) => l.level === "error") ?? result.logs[0];
    throw new DashboardBuildError(`the dashboard did not build: ${first?.message ?? "unknown error"}`);
  }
  const files = await Promise.all(
    result.outputs.map(async (o) => ({
      path: `/${o.path.replace(/^\.?\//, "")}`,
      type: o.type,
      bytes: new Uint8Array(await o.arrayBuffer()),
    })),
  );
  const pages = files.filter((f) => f.type.startsWith("text/html"));
  if (pages.length !== 1) throw new DashboardBuildError(`expected one page in the build, got ${pages.length}`);
  return { page: pages[0] as StaticFile, assets: files.filter((f) => !f.type.startsWith("text/html")) };
}
