import { describe, expect, it } from "bun:test";
import fc from "fast-check";
import { advance, applyEpoch, type Cursor, isNewEvent } from "./dedupe.ts";

describe("dedupe", () => {
  it("accepts only seqs above the cursor and never moves the cursor back", () => {
    const c: Cursor = { epoch: "e1", seq: 10 };
    expect(isNewEvent(c, 10)).toBe(false);
    expect(isNewEvent(c, 9)).toBe(false);
    expect(isNewEvent(c, 11)).toBe(true);
    expect(advance(c, 8)).toBe(c);
    expect(advance(c, 12)).toEqual({ epoch: "e1", seq: 12 });
  });

  it("keeps the seq for the same or a first-learned epoch and resets it for another", () => {
    expect(applyEpoch({ epoch: null, seq: 7 }, "e1")).toEqual({ cursor: { epoch: "e1", seq: 7 }, changed: false });
    expect(applyEpoch({ epoch: "e1", seq: 7 }, "e1")).toEqual({ cursor: { epoch: "e1", seq: 7 }, changed: false });
    expect(applyEpoch({ epoch: "e1", seq: 7 }, "e2")).toEqual({ cursor: { epoch: "e2", seq: 0 }, changed: true });
  });

  it("merging two overlapping in-order streams (a replay and a live stream) yields every seq once, in order", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 500 }), { minLength: 1, maxLength: 60 }),
        fc.nat(),
        fc.array(fc.boolean(), { maxLength: 200 }),
        (raw, cut, picks) => {
          const all = [...raw].sort((a, b) => a - b);
          let cursor: Cursor = { epoch: "e", seq: 0 };
          const out: number[] = [];
          const take = (s: number) => {
            if (isNewEvent(cursor, s)) {
              out.push(s);
              cursor = advance(cursor, s);
            }
          };
          // Stream A delivered a prefix; then stream B is opened from the cursor but repeats up to
          // 5 older events (a replay overlap), while A may keep delivering (a WS↔SSE switch).
          const k = cut % all.length;
          for (const s of all.slice(0, k)) take(s);
          const a = all;
          const b = all.slice(Math.max(0, k - 5));
          let i = k;
          let j = 0;
          for (const p of picks) {
            if (p && i < a.length) take(a[i++] as number);
            else if (j < b.length) take(b[j++] as number);
          }
          while (i < a.length) take(a[i++] as number);
          while (j < b.length) take(b[j++] as number);
          expect(out).toEqual(all);
        },
      ),
    );
  });
});
