/**
 * The dashboard's state is the hub's desk state (@tickerwire/desk): replaced by each `snapshot`
 * (the state at seq S, validated by `parseDesk`), then advanced by `applyEvent` for every event
 * after S — the very fold the hub runs, so the page holds what the hub would serve at that seq.
 * There is no second fold here. The fold mutates the state in place, so signals cannot see it
 * change: `revision` is bumped once per applied batch or replaced state, and every figure on
 * screen is a computed that reads `revision` first (`select`).
 */
import { batch, computed, type ReadonlySignal, signal } from "@preact/signals";
import { applyEvent, createDeskState, parseDesk } from "@tickerwire/desk";
import type { DeskState, HubEvent, SnapshotMessage, TradeClosedEvent, TradeEvent } from "@tickerwire/protocol";

/** An item of the trades list: an execution or a closure. */
export type TradeItem = TradeEvent | TradeClosedEvent;

export interface DeskStore {
  /** Bumped whenever `state` changed; what every derived figure tracks. */
  readonly revision: ReadonlySignal<number>;
  /** The state now. Only this store changes it; read it through `select`. */
  readonly state: DeskState;
  /** The seq the state includes (0 before any). */
  readonly seq: ReadonlySignal<number>;
  /**
   * A computed of `pick(state)`, re-evaluated when `tick` (default `revision`; pass a throttled
   * copy to follow it less often) moves. `pick` must copy what it returns out of the state: the
   * fold changes the state's objects and arrays in place.
   */
  select<T>(pick: (state: DeskState) => T, tick?: ReadonlySignal<number>): ReadonlySignal<T>;
  /** Takes a snapshot's state (validated; throws DeskStateError when it is not a sound state). */
  replace(message: Pick<SnapshotMessage, "state">): void;
  /** Folds a batch of events in seq order; events the state already includes change nothing. */
  apply(events: readonly HubEvent[]): void;
  /** Forgets everything (the hub's history was replaced: a new epoch). */
  reset(): void;
}

export function createStore(initial: DeskState = createDeskState()): DeskStore {
  let state = initial;
  const revision = signal(0);
  const seq = signal(state.seq);

  function changed(): void {
    batch(() => {
      revision.value++;
      seq.value = state.seq;
    });
  }

  return {
    revision,
    seq,
    get state() {
      return state;
    },
    select<T>(pick: (s: DeskState) => T, tick: ReadonlySignal<number> = revision) {
      return computed(() => {
        tick.value; // track
        return pick(state);
      });
    },
    replace(message) {
      // A private, checked copy: the SDK's message is shared with other listeners, and the fold
      // is about to change the state in place.
      state = parseDesk(JSON.stringify(message.state));
      changed();
    },
    apply(events) {
      const before = state.seq;
      for (const e of events) applyEvent(state, e);
      if (state.seq !== before) changed();
    },
    reset() {
      state = createDeskState();
      changed();
    },
  };
}
