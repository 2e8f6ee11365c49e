/**
 * `POST /api/v1/heartbeat`: a sign of life from a quiet engine (one that has nothing to publish
 * for a while). Named like a publish (token `sub`, or `X-Engine-Id`), optionally declaring its
 * interval (`X-Engine-Interval`); answers what the hub knows of it. The body is ignored.
 */
import type { HeartbeatAnswer } from "@tickerwire/protocol";
import type { Context } from "hono";
import { errorResponse } from "../http-errors.ts";
import type { Watch } from "../watch/watch.ts";

export interface HeartbeatDeps {
  watch: Pick<Watch, "sawEngine" | "engine">;
  /** The engine named by the request, or a Response refusing a bad header. */
  identify(c: Context): { engine: string | null; intervalMs: number | undefined } | Response;
}

export function createHeartbeatHandler(d: HeartbeatDeps) {
  return (c: Context): Response => {
    const id = d.identify(c);
    if (id instanceof Response) return id;
    if (id.engine === null) {
      return errorResponse(
        400,
        "invalid_header",
        "name the engine with an X-Engine-Id header (with AUTH=jwt the token's sub names it)",
      );
    }
    d.watch.sawEngine(id.engine, id.intervalMs, 0);
    const known = d.watch.engine(id.engine);
    const answer: HeartbeatAnswer = {
      engine: id.engine,
      state: "up",
      interval_s: id.intervalMs !== undefined ? id.intervalMs / 1000 : (known?.interval_s ?? null),
      last_state: known?.state ?? null,
    };
    return c.json(answer);
  };
}
