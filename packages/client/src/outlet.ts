/**
 * What the app receives from a client: `on()` listeners and `events()` iterators. Shared by the
 * plain client and the tab-sharing one, so both hand events over the same way.
 */
import type { HubEvent } from "@tickerwire/protocol";
import { Emitter } from "./emitter.ts";
import { createEventQueue, type EventQueue } from "./queue.ts";
import type { ClientEvents, ClientLogger } from "./types.ts";

export class Outlet {
  readonly #emitter: Emitter<ClientEvents>;
  readonly #queues = new Set<EventQueue<HubEvent>>();
  #ended = false;

  constructor(log: ClientLogger) {
    this.#emitter = new Emitter((kind, e) => log.warn?.(`a "${String(kind)}" listener threw`, e));
  }

  on<K extends keyof ClientEvents>(kind: K, cb: (value: ClientEvents[K]) => void): () => void {
    return this.#emitter.on(kind, cb);
  }

  emit<K extends keyof ClientEvents>(kind: K, value: ClientEvents[K]): void {
    this.#emitter.emit(kind, value);
  }

  /** Hands an event to the listeners and every open iterator. */
  event(e: HubEvent): void {
    this.#emitter.emit("event", e);
    for (const q of this.#queues) q.push(e);
  }

  events(): AsyncIterableIterator<HubEvent> {
    const queue: EventQueue<HubEvent> = createEventQueue(() => this.#queues.delete(queue));
    if (this.#ended) queue.end();
    else this.#queues.add(queue);
    return queue.iterator;
  }

  /** Ends every iterator (after its queued events); later ones end at once. */
  end(): void {
    this.#ended = true;
    for (const q of this.#queues) q.end();
    this.#queues.clear();
  }
}
