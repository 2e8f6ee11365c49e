/** Before a stress run: enough file descriptors for the clients, and a hub that answers. */
import type { CliIo } from "../cli/io.ts";
import type { OpenFileLimit } from "./open-files.ts";
import { neededFds, raiseOpenFileLimit } from "./open-files.ts";

export interface Preflight {
  limit: OpenFileLimit;
  needed: number;
}

/** Returns the limits, or null after saying plainly (on `io.err`) why the run cannot start. */
export async function preflight(url: string, clients: number, io: CliIo): Promise<Preflight | null> {
  const needed = neededFds(clients);
  const limit = raiseOpenFileLimit(needed);
  io.out(
    `open-file limit (ulimit -n): soft ${limit.soft ?? "unknown"}, hard ${limit.hard ?? "unknown"}; needed ~${needed}`,
  );
  if (limit.soft !== null && limit.soft < needed) {
    io.err(
      `error: the open-file limit ${limit.soft} is too low for ${clients} clients (needs ~${needed}) and could not be raised (hard limit ${limit.hard}). Raise it (ulimit -n ${needed}) or use fewer clients.`,
    );
    return null;
  }
  const health = await fetch(new URL("/api/v1/health", url), { signal: AbortSignal.timeout(5_000) }).catch(
    (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
  );
  if (!(health instanceof Response) || !health.ok) {
    const why = health instanceof Response ? `HTTP ${health.status}` : health.message;
    io.err(`error: the hub at ${url} is not answering /api/v1/health (${why}); start it first (bun run start)`);
    return null;
  }
  return { limit, needed };
}
