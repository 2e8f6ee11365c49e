/**
 * Where a resume starts reading history, and whether the client is told it missed events. Pure.
 * A cursor from another epoch (the store was replaced) or from the future starts over from 0; a
 * cursor further back than `maxEvents` seqs is moved forward so one resume stays bounded.
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
  if ((token.epoch !== undefined && token.epoch !== epoch) || after > currentSeq) {
    after = 0;
    truncated = true;
  }
  if (currentSeq - after > maxEvents) {
    after = currentSeq - maxEvents;
    truncated = true;
  }
  return { after, truncated };
}
