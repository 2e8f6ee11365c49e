/**
 * Best-of-N for runs repeated on a shared machine: other jobs only ever slow a run down, so the
 * fastest run of a target is the closest to what it can do. Pure.
 */
import type { StreamResult } from "../results.ts";

/** Keeps, per (target, clients), the run with the most deliveries/s, listing every run's rate. */
export function bestOf(runs: StreamResult[]): StreamResult[] {
  const groups = new Map<string, StreamResult[]>();
  for (const r of runs) {
    const key = `${r.target}|${r.clients}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((g) => {
    const ok = g.filter((r) => !r.error);
    const pool = ok.length > 0 ? ok : g;
    const best = pool.reduce((a, b) => (b.deliveriesPerSec > a.deliveriesPerSec ? b : a));
    return g.length > 1 ? { ...best, runs: g.map((r) => r.deliveriesPerSec) } : best;
  });
}
