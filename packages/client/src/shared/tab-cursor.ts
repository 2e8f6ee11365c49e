/**
 * A tab's resume cursor with its recent events kept beside it: the cursor rules are the plain
 * client's (cursor.ts); on top, every event accepted joins the buffer and every jump of the cursor
 * (first value, new epoch, snapshot, forget) restarts the buffer's floor, so what the buffer
 * claims to hold is always true. The leader answers followers' hellos from it.
 */
import type { HubEvent, ReplayedMessage } from "@tickerwire/protocol";
import { ClientCursor } from "../cursor.ts";
import type { Cursor } from "../dedupe.ts";
import type { ClientLogger } from "../types.ts";
import { RecentEvents } from "./recent.ts";

export class TabCursor extends ClientCursor {
  readonly recent: RecentEvents;

  constructor(initial: Cursor | null, log: ClientLogger, capacity?: number) {
    super(initial, log);
    this.recent = new RecentEvents(capacity);
    this.recent.reset(initial);
  }

  /** When the replay was truncated, the buffer is complete only from its from_seq. */
  override replayed(m: ReplayedMessage): void {
    super.replayed(m);
    if (m.truncated) this.recent.raiseFloor(m.from_seq);
  }

  /** Joining a group: the buffer restarts, complete from here on. */
  restart(): void {
    this.recent.reset(this.value);
  }

  protected override jumped(next: Cursor | null): void {
    this.recent.reset(next);
  }

  protected override accepted(e: HubEvent): void {
    this.recent.push(e);
  }
}
