/** A manual clock for the SDK's injected env: timers run only when a test calls `advance()`. */
import type { ClientEnv } from "../src/index.ts";

interface Timer {
  id: number;
  at: number;
  fn: () => void;
  every: number | null;
}

export class FakeClock {
  #now: number;
  #next = 1;
  readonly #timers = new Map<number, Timer>();
  /** Every delay passed to setTimeout, in order (for backoff assertions). */
  readonly delays: number[] = [];

  constructor(start = Date.parse("2026-01-19T10:30:00.000Z")) {
    this.#now = start;
  }

  now = (): number => this.#now;

  setTimeout = (fn: () => void, ms: number): number => {
    this.delays.push(ms);
    return this.#add(fn, ms, null);
  };
  setInterval = (fn: () => void, ms: number): number => this.#add(fn, ms, Math.max(1, ms));
  clearTimeout = (id: unknown): void => {
    this.#timers.delete(id as number);
  };
  clearInterval = (id: unknown): void => {
    this.#timers.delete(id as number);
  };

  /** Moves time forward, running due timers in time order (bounded, so a runaway interval cannot hang a test). */
  advance(ms: number): void {
    const end = this.#now + ms;
    for (let i = 0; i < 10_000; i++) {
      const due = [...this.#timers.values()].filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.#now = Math.max(this.#now, due.at);
      if (due.every === null) this.#timers.delete(due.id);
      else due.at += due.every;
      due.fn();
    }
    this.#now = end;
  }

  get pending(): number {
    return this.#timers.size;
  }

  /** The env slice to pass as `env` (plus `random`, and WebSocket/EventSource as needed). */
  env(random: () => number = () => 0.5): Partial<ClientEnv> {
    return {
      now: this.now,
      random,
      setTimeout: this.setTimeout,
      clearTimeout: this.clearTimeout,
      setInterval: this.setInterval,
      clearInterval: this.clearInterval,
    };
  }

  #add(fn: () => void, ms: number, every: number | null): number {
    const id = this.#next++;
    this.#timers.set(id, { id, at: this.#now + Math.max(0, ms), fn, every });
    return id;
  }
}

/** Polls (in real time) until `pred` holds; fails the test with `what` after `timeoutMs`. */
export async function waitFor(pred: () => boolean, what = "condition", timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Lets pending microtasks and I/O callbacks run. */
export const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));
