import { describe, expect, it } from "bun:test";
import { createStateMachine } from "./state.ts";
import type { StateChange } from "./types.ts";

describe("state machine", () => {
  it("emits each change once as {from, to, transport}", () => {
    const seen: StateChange[] = [];
    const sm = createStateMachine("connecting", (c) => seen.push(c));
    expect(sm.set("open", "ws")).toBe(true);
    expect(sm.set("open", "ws")).toBe(false);
    sm.set("reconnecting", null);
    sm.set("open", "sse");
    expect(seen).toEqual([
      { from: "connecting", to: "open", transport: "ws" },
      { from: "open", to: "reconnecting", transport: null },
      { from: "reconnecting", to: "open", transport: "sse" },
    ]);
    expect(sm.transport).toBe("sse");
  });

  it("reports a transport switch while open (SSE → WS)", () => {
    const seen: StateChange[] = [];
    const sm = createStateMachine("open", (c) => seen.push(c));
    sm.set("open", "sse");
    sm.set("open", "ws");
    expect(seen.at(-1)).toEqual({ from: "open", to: "open", transport: "ws" });
  });

  it("has a transport only while open, and closed is final", () => {
    const seen: StateChange[] = [];
    const sm = createStateMachine("connecting", (c) => seen.push(c));
    sm.set("reconnecting", "ws");
    expect(sm.transport).toBeNull();
    sm.set("closed", null);
    expect(sm.set("open", "ws")).toBe(false);
    expect(sm.state).toBe("closed");
    expect(seen.map((c) => c.to)).toEqual(["reconnecting", "closed"]);
  });
});
