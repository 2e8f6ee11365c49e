/**
 * The client's one state union and its single setter: every change (including a transport
 * switch while open, e.g. SSE → WS) is emitted once as {from, to, transport}. `closed` is final.
 */
import type { ClientState, StateChange, TransportKind } from "./types.ts";

export interface StateMachine {
  readonly state: ClientState;
  readonly transport: TransportKind | null;
  /** Moves to `to`; returns false (and emits nothing) when nothing changed or already closed. */
  set(to: ClientState, transport: TransportKind | null): boolean;
}

export function createStateMachine(initial: ClientState, emit: (change: StateChange) => void): StateMachine {
  let state = initial;
  let current: TransportKind | null = null;
  return {
    get state() {
      return state;
    },
    get transport() {
      return current;
    },
    set(to, transport) {
      if (state === "closed") return false;
      const next = to === "open" ? transport : null;
      if (to === state && next === current) return false;
      const from = state;
      state = to;
      current = next;
      emit({ from, to, transport: next });
      return true;
    },
  };
}
