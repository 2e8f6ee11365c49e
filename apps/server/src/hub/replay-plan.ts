/**
 * Where a resume starts reading history, and whether the client is told it missed events. Pure.
 * A cursor from another epoch (the store was replaced) starts over from 0, and so does a bare seq
 * from the future. A cursor of *this* epoch ahead of our seq is left to the bus: with several
 * instances (Redis) it is another instance's recent event that this one has not delivered yet,
 * and the bus catches up before answering. A cursor further back than `maxEvents` seqs is moved
 * forward so one resume stays bounded.
 */
import type { ResumeToken } from "@tickerwire/protocol";

export interface ReplayPlan {
  /** Read history after this seq (in the hub's current epoch). */
  after: number;
  /** True when events the client asked for will not be replayed. */
  truncated: boolean;
}

export function planReplay(input: {
  token: ResumeToken;
  epoch: string;
  currentSeq: number;
  maxEvents: number;
}): ReplayPlan {
  const { token, epoch, currentSeq, maxEvents } = input;
  let after = token.seq;
  let truncated = false;
  const otherEpoch = token.epoch !== undefined && token.epoch !== epoch;
  if (otherEpoch || (token.epoch === undefined && after > currentSeq)) {
    after = 0;
    truncated = true;
  }
  if (currentSeq - after > maxEvents) {
    after = currentSeq - maxEvents;
    truncated = true;
  }
  return { after, truncated };
}
