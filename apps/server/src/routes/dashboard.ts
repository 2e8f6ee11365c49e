/**
 * The dashboard at `/`, from its index.html. Development: Bun's HTML import (bundled on demand,
 * with hot reload), mounted in Bun's `routes`. Production: built once at start-up
 * (static/build-dashboard.ts) and served from memory with brotli/gzip copies
 * (static/precompressed.ts); the page goes through the app so it gets the security headers,
 * the content-hashed assets through Bun's `routes`. Apps do not import each other, so the path is
 * resolved at run time; a missing file or DASHBOARD=off leaves `/` answering a plain 404.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { HTMLBundle } from "bun";
import type { Logger } from "../logger.ts";
import { buildDashboard } from "../static/build-dashboard.ts";
import { type PrecompressedFile, precompress } from "../static/precompressed.ts";

export type Dashboard =
  | { kind: "hot"; bundle: HTMLBundle; path: string }
  | { kind: "built"; page: PrecompressedFile; assets: PrecompressedFile[]; path: string }
  | { kind: "none"; reason: string };

export const DEFAULT_DASHBOARD_HTML = fileURLToPath(new URL("../../../dashboard/src/index.html", import.meta.url));

export async function loadDashboard(
  opts: { enabled: boolean; htmlPath: string | undefined; production: boolean },
  logger: Logger,
): Promise<Dashboard> {
  if (!opts.enabled) return { kind: "none", reason: "The dashboard is turned off (DASHBOARD=off)." };
  const path = opts.htmlPath ?? DEFAULT_DASHBOARD_HTML;
  if (!existsSync(path)) {
    logger.warn("dashboard: index.html not found; / will answer 404", { path });
    return { kind: "none", reason: `No dashboard here: ${path} does not exist (set DASHBOARD_HTML or DASHBOARD=off).` };
  }
  try {
    if (opts.production) {
      const built = await buildDashboard(path);
      // The page is re-validated on every visit; the hashed assets are cached for good.
      return {
        kind: "built",
        page: precompress(built.page, "no-cache"),
        assets: built.assets.map((a) => precompress(a)),
        path,
      };
    }
    const mod = (await import(path)) as { default: HTMLBundle };
    return { kind: "hot", bundle: mod.default, path };
  } catch (e) {
    logger.error("dashboard: could not load index.html", { path, error: e });
    return { kind: "none", reason: `The dashboard could not be loaded from ${path}.` };
  }
}

/** Bun.serve `routes` for the dashboard: the HTML import at `/`, or one handler per built asset. */
export function dashboardRoutes(d: Dashboard): Record<string, HTMLBundle | ((req: Request) => Response)> {
  if (d.kind === "hot") return { "/": d.bundle };
  if (d.kind === "none") return {};
  return Object.fromEntries(d.assets.map((a) => [a.path, (req: Request) => a.respond(req)]));
}

/** What `/` answers when there is no dashboard. */
export function noDashboardResponse(reason: string): Response {
  return new Response(`${reason}\nThe API is at /api/v1/*, live events at /ws and /sse.\n`, {
    status: 404,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}
