import { describe, expect, it } from "bun:test";
import { EXAMPLE_CONTROL_MESSAGES, EXAMPLE_EVENTS } from "@tickerwire/protocol/spec";
import { createDeskState, foldEvents, viewDesk } from "./index.ts";

describe("the protocol's snapshot example (API documents)", () => {
  it("is exactly the desk state the example events fold to, as the hub serves it", () => {
    const state = viewDesk(foldEvents(createDeskState(), EXAMPLE_EVENTS), { patterns: [">"] });
    expect(EXAMPLE_CONTROL_MESSAGES.snapshot.state).toEqual(JSON.parse(JSON.stringify(state)));
    expect(EXAMPLE_CONTROL_MESSAGES.snapshot.seq as number).toBe(state.seq);
  });
});
