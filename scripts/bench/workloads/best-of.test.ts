import { describe, expect, it } from "bun:test";
import type { StreamResult } from "../results.ts";
import { bestOf } from "./best-of.ts";

const r = (target: StreamResult["target"], clients: number, deliveriesPerSec: number, error?: string) =>
  ({ target, clients, deliveriesPerSec, ...(error ? { error } : {}) }) as StreamResult;

describe("bestOf", () => {
  it("keeps the fastest run per target and client count, in first-seen order", () => {
    const out = bestOf([
      r("ceiling-ws", 1000, 5),
      r("hub-ws", 1000, 4),
      r("ceiling-ws", 1000, 7),
      r("hub-ws", 1000, 3),
    ]);
    expect(out.map((x) => [x.target, x.deliveriesPerSec, x.runs])).toEqual([
      ["ceiling-ws", 7, [5, 7]],
      ["hub-ws", 4, [4, 3]],
    ]);
  });
  it("prefers a run that worked over a faster-looking failed one, and leaves single runs alone", () => {
    const out = bestOf([r("hub-ws", 1000, 9, "crashed"), r("hub-ws", 1000, 2), r("hub-ws", 5000, 1)]);
    expect(out[0]).toMatchObject({ deliveriesPerSec: 2, runs: [9, 2] });
    expect(out[0]?.error).toBeUndefined();
    expect(out[1]?.runs).toBeUndefined();
  });
});
