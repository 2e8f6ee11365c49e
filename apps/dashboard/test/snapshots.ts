/** `snapshot` messages for tests: the desk state the hub would serve after folding some events. */
import { createDeskState, type DeskOptions, foldEvents } from "@tickerwire/desk";
import type { DeskState, HubEvent, SnapshotMessage } from "@tickerwire/protocol";

export function snapshotOf(
  events: readonly HubEvent[],
  options: DeskOptions & { epoch?: string } = {},
): SnapshotMessage {
  // Through JSON, as it travels: the message shares nothing with the fold that made it.
  const state = JSON.parse(JSON.stringify(foldEvents(createDeskState(options), events))) as DeskState;
  return {
    type: "snapshot",
    epoch: options.epoch ?? "e1",
    seq: state.seq,
    timestamp: new Date().toISOString(),
    state,
  };
}
