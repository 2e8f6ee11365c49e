/**
 * The Connector's lifecycle, written down: one phase at a time, and every link and timer owned by
 * the phase it belongs to, so leaving a phase releases exactly what it owned (`release`) and a
 * callback from something released finds it no longer owned. `shownState` says which public
 * ClientState each move shows.
 *
 *   new ─start─▶ connecting(link, rest) ─connected─▶ open(link, probe)
 *                 │  ▲ (next transport)               │ dropped, dead: connecting at once or
 *    round failed ▼  │ retry due                      ▼ waiting, showing "reconnecting"
 *                waiting(timer, due, order) ◀─────────┘
 *   any ─no topics─▶ idle ─subscribe()─▶ connecting        any ─stop, refused─▶ stopped
 */
import { type Link, stopLink } from "./link.ts";
import type { Prober } from "./probe.ts";
import type { ClientEnv, ClientState, TransportKind } from "./types.ts";

/** `probe`: while on a fallback, the background attempt at the preferred transport (probe.ts). */
export type OpenPhase = { kind: "open"; link: Link; probe: Prober };
export type WaitingPhase = { kind: "waiting"; timer: unknown; due: number; order: TransportKind[] };

export type Phase =
  /** Before start(): nothing open, nothing scheduled. */
  | { kind: "new" }
  /** No topic subscribed: nothing open or scheduled until the subscription has one. */
  | { kind: "idle" }
  /** The main link is opening (no `connected` yet); `rest`: the transports this round has left. */
  | { kind: "connecting"; link: Link; rest: TransportKind[] }
  /** The main link delivered `connected`; its probe (a sub-state with its own timer) is owned by this phase. */
  | OpenPhase
  /** A whole round failed, or an open link dropped: the next round (`order`) starts at `due`. */
  | WaitingPhase
  /** For good: closed by the app, or refused by the hub. */
  | { kind: "stopped" };

/** The links a phase owns: its main link and, while open, a probe being tried. */
export function linksOf(phase: Phase): Link[] {
  if (phase.kind === "connecting") return [phase.link];
  if (phase.kind !== "open") return [];
  const probe = phase.probe.link;
  return probe ? [phase.link, probe] : [phase.link];
}

/** Leaving `prev` for `next`: stops every link and timer of `prev` that `next` does not own. */
export function release(prev: Phase, next: Phase, env: ClientEnv): void {
  if (prev === next) return;
  const kept = linksOf(next);
  if (prev.kind === "open") prev.probe.release(kept);
  for (const link of linksOf(prev)) if (!kept.includes(link)) stopLink(link, env);
  if (prev.kind === "waiting") env.clearTimeout(prev.timer);
}

/**
 * What the app's state becomes on moving from `prev` to `next`, or null for no change: a lost
 * connection shows `reconnecting` until one is open again (however many rounds that takes), a
 * start or a way out of `idle` shows `connecting`. `stopped` is the client's to show (`closed`).
 */
export function shownState(prev: Phase, next: Phase): { to: ClientState; transport: TransportKind | null } | null {
  switch (next.kind) {
    case "idle":
      return { to: "idle", transport: null };
    case "open":
      return { to: "open", transport: next.link.kind };
    case "connecting":
    case "waiting":
      if (prev.kind === "open") return { to: "reconnecting", transport: null };
      if (prev.kind === "idle" || prev.kind === "new") return { to: "connecting", transport: null };
      return null;
    case "new":
    case "stopped":
      return null;
  }
}
