/**
 * A push-to-pull queue behind `client.events()`: events pushed by the client wait here until the
 * consumer's `for await` asks for them. `end()` (client closed) finishes the iteration once the
 * queued events are drained; `return()` (the consumer broke out) detaches it.
 */

export interface EventQueue<T> {
  readonly iterator: AsyncIterableIterator<T>;
  push(value: T): void;
  end(): void;
}

export function createEventQueue<T>(onDetach: () => void): EventQueue<T> {
  const buffered: T[] = [];
  const waiting: ((r: IteratorResult<T>) => void)[] = [];
  let ended = false;
  const done = (): IteratorResult<T> => ({ done: true, value: undefined });

  const finish = () => {
    if (ended) return;
    ended = true;
    for (const w of waiting.splice(0)) w(done());
  };

  const iterator: AsyncIterableIterator<T> = {
    next() {
      const value = buffered.shift();
      if (value !== undefined) return Promise.resolve({ done: false, value });
      if (ended) return Promise.resolve(done());
      return new Promise((resolve) => waiting.push(resolve));
    },
    return() {
      buffered.length = 0;
      finish();
      onDetach();
      return Promise.resolve(done());
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };

  return {
    iterator,
    push(value) {
      if (ended) return;
      const w = waiting.shift();
      if (w) w({ done: false, value });
      else buffered.push(value);
    },
    end: finish,
  };
}
