/**
 * Who is publishing: with `AUTH=jwt` the token's `sub` names the engine (a publisher cannot
 * speak for another); otherwise the `X-Engine-Id` header does. `X-Engine-Interval` (seconds, or
 * a duration like "15s") declares how often it promises a sign of life. No name: not tracked.
 */
import { SEGMENT_RE } from "@tickerwire/protocol";
import type { Principal } from "../../auth/claims.ts";
import { parseDuration } from "../../units.ts";

export const ENGINE_ID_HEADER = "x-engine-id";
export const ENGINE_INTERVAL_HEADER = "x-engine-interval";
const MIN_INTERVAL_MS = 1_000;
const MAX_INTERVAL_MS = 86_400_000;

export type EngineIdentity =
  | { ok: true; engine: string | null; intervalMs: number | undefined }
  | { ok: false; header: string; message: string };

/** A token subject as an engine name: the allowed characters kept, the rest as "_", 64 at most. */
export function engineNameFromSubject(sub: string): string {
  const name = sub.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 64);
  return name || "_";
}

export function engineIdentity(
  principal: Principal | null,
  header: (name: string) => string | undefined,
): EngineIdentity {
  let engine: string | null = null;
  if (principal) engine = engineNameFromSubject(principal.subject);
  else {
    const raw = header(ENGINE_ID_HEADER);
    if (raw !== undefined) {
      if (!SEGMENT_RE.test(raw)) {
        return {
          ok: false,
          header: "X-Engine-Id",
          message: "X-Engine-Id must be 1-64 characters of A-Z, a-z, 0-9, _ or -",
        };
      }
      engine = raw;
    }
  }
  const iv = header(ENGINE_INTERVAL_HEADER);
  if (iv === undefined) return { ok: true, engine, intervalMs: undefined };
  const ms = /^\d+$/.test(iv) ? Number(iv) * 1000 : parseDuration(iv);
  if (ms === null || ms < MIN_INTERVAL_MS || ms > MAX_INTERVAL_MS) {
    return {
      ok: false,
      header: "X-Engine-Interval",
      message: "X-Engine-Interval must be seconds (1 to 86400) or a duration like 15s",
    };
  }
  return { ok: true, engine, intervalMs: ms };
}
