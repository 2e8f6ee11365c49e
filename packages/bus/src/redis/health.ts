/** What `info()` says about the Redis engine: the state of each connection and of the bus. Pure. */
import type { BusState } from "../types.ts";

export type RedisLinkState = "connected" | "reconnecting" | "down";

/**
 * A connection that is not ready counts as "reconnecting" for `downAfterMs` (a blip), then as
 * "down". `notReadySince` is when it last stopped being ready (or when it was created).
 */
export function linkState(ready: boolean, notReadySince: number, now: number, downAfterMs: number): RedisLinkState {
  if (ready) return "connected";
  return now - notReadySince < downAfterMs ? "reconnecting" : "down";
}

export interface BusHealthInput {
  closed: boolean;
  /** The command connection: publishes and history. */
  commands: RedisLinkState;
  /** The subscriber connection: live notifications. */
  subscriber: RedisLinkState;
  /** Live delivery waits for a stream read that failed. */
  stalled: boolean;
  /** The store holds another history than this instance (epoch mismatch) or a publish just failed. */
  problem: boolean;
}

/**
 * "down": publishes cannot succeed (closed, or Redis unreachable beyond a blip). "degraded": they
 * may, but something is off (reconnecting, live notifications interrupted, a recent failure).
 */
export function busState(h: BusHealthInput): BusState {
  if (h.closed || h.commands === "down") return "down";
  if (h.commands === "reconnecting" || h.subscriber !== "connected" || h.stalled || h.problem) return "degraded";
  return "ok";
}
