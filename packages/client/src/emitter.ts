/**
 * A typed listener registry. A listener that throws must not break delivery to the others or the
 * SDK's own state, so errors are caught and handed to `onListenerError` (the logger).
 */

export class Emitter<M extends object> {
  readonly #listeners = new Map<keyof M, Set<(value: never) => void>>();

  constructor(private readonly onListenerError: (kind: keyof M, error: unknown) => void) {}

  on<K extends keyof M>(kind: K, cb: (value: M[K]) => void): () => void {
    let set = this.#listeners.get(kind);
    if (!set) {
      set = new Set();
      this.#listeners.set(kind, set);
    }
    const fn = cb as (value: never) => void;
    set.add(fn);
    return () => {
      set.delete(fn);
    };
  }

  emit<K extends keyof M>(kind: K, value: M[K]): void {
    const set = this.#listeners.get(kind);
    if (!set) return;
    for (const cb of [...set]) {
      try {
        (cb as (value: M[K]) => void)(value);
      } catch (e) {
        this.onListenerError(kind, e);
      }
    }
  }

  count(kind: keyof M): number {
    return this.#listeners.get(kind)?.size ?? 0;
  }
}
