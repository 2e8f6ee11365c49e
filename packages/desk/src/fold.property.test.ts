import { describe, expect, it } from "bun:test";
import type { HubEvent } from "@tickerwire/protocol";
import fc from "fast-check";
import { smallLimitsArb, streamArb } from "../test/arbitraries.ts";
import { createDeskState, foldEvents, parseDesk, serializeDesk } from "./index.ts";

const fold = (events: readonly HubEvent[], limits = {}) => foldEvents(createDeskState({ limits }), events);

describe("fold(all) = fold(events > S) over the snapshot at S", () => {
  it("holds for random streams and cuts, through serializeDesk/parseDesk", () => {
    fc.assert(
      fc.property(streamArb(false), fc.nat(), (events, cut) => {
        const s = cut % (events.length + 1);
        const snap = parseDesk(serializeDesk(fold(events.slice(0, s))));
        expect(foldEvents(snap, events.slice(s))).toEqual(fold(events));
      }),
      { numRuns: 300 },
    );
  });

  it("holds with small limits, where curves thin, days roll out and caps are met", () => {
    fc.assert(
      fc.property(streamArb(false, 200), fc.nat(), smallLimitsArb, (events, cut, limits) => {
        const s = cut % (events.length + 1);
        const snap = parseDesk(serializeDesk(fold(events.slice(0, s), limits)));
        const full = fold(events, limits);
        expect(foldEvents(snap, events.slice(s))).toEqual(full);
        // and the JSON of both is the same figures (every number survives the round trip)
        expect(parseDesk(serializeDesk(full))).toEqual(full);
      }),
      { numRuns: 300 },
    );
  });

  it("ignores events at or below the state's seq (a replayed overlap changes nothing)", () => {
    fc.assert(
      fc.property(streamArb(false), fc.nat(), (events, cut) => {
        const s = cut % (events.length + 1);
        const state = fold(events.slice(0, s));
        foldEvents(state, events); // the first s again, then the rest
        foldEvents(state, events); // everything again
        expect(state).toEqual(fold(events));
      }),
      { numRuns: 100 },
    );
  });
});
