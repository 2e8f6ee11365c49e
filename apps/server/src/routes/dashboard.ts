/**
 * The dashboard at `/`: its index.html loaded through Bun's HTML import, which bundles the page's
 * scripts and styles (with HMR in development). Apps do not import each other, so the path is
 * resolved at run time; a missing file or DASHBOARD=off leaves `/` answering a plain 404.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { HTMLBundle } from "bun";
import type { Logger } from "../logger.ts";

export type Dashboard = { bundle: HTMLBundle; path: string } | { bundle: null; reason: string };

export const DEFAULT_DASHBOARD_HTML = fileURLToPath(new URL("../../../dashboard/src/index.html", import.meta.url));

export async function loadDashboard(
  opts: { enabled: boolean; htmlPath: string | undefined },
  logger: Logger,
): Promise<Dashboard> {
  if (!opts.enabled) return { bundle: null, reason: "The dashboard is turned off (DASHBOARD=off)." };
  const path = opts.htmlPath ?? DEFAULT_DASHBOARD_HTML;
  if (!existsSync(path)) {
    logger.warn("dashboard: index.html not found; / will answer 404", { path });
    return { bundle: null, reason: `No dashboard here: ${path} does not exist (set DASHBOARD_HTML or DASHBOARD=off).` };
  }
  try {
    const mod = (await import(path)) as { default: HTMLBundle };
    return { bundle: mod.default, path };
  } catch (e) {
    logger.error("dashboard: could not load index.html", { path, error: e });
    return { bundle: null, reason: `The dashboard could not be loaded from ${path}.` };
  }
}

/** What `/` answers when there is no dashboard. */
export function noDashboardResponse(reason: string): Response {
  return new Response(`${reason}\nThe API is at /api/v1/*, live events at /ws and /sse.\n`, {
    status: 404,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}
