import { describe, expect, it } from "bun:test";
import type { BroadcastChannelConstructor, ClientEnv, LockManagerLike } from "../types.ts";

describe("browser globals fit the injectable environment", () => {
  it("navigator.locks and BroadcastChannel (DOM types) are accepted as env.locks and env.BroadcastChannel", () => {
    // Compile-time: this file fails `tsc` if the DOM types stop fitting our minimal interfaces.
    const fits = (locks: LockManager, bc: typeof BroadcastChannel): Partial<ClientEnv> => {
      const l: LockManagerLike = locks;
      const b: BroadcastChannelConstructor = bc;
      return { locks: l, BroadcastChannel: b };
    };
    expect(typeof fits).toBe("function");
    expect(typeof BroadcastChannel).toBe("function"); // Bun has one; tests inject fakes anyway
  });
});
