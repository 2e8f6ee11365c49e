import { describe, expect, it } from "bun:test";
import { spokenMoney, spokenPercent } from "./spoken.ts";

describe("spoken numbers", () => {
  it("say a P&L's sign in words and its unit in full", () => {
    expect(spokenMoney(1234.5, "signed")).toBe("plus 1,234.50 US dollars");
    expect(spokenMoney(-12, "signed")).toBe("minus 12.00 US dollars");
    expect(spokenMoney(1, "signed")).toBe("plus 1.00 US dollar");
  });

  it("say prices without a plus, losses always with a minus, and zero without a sign", () => {
    expect(spokenMoney(42350.5)).toBe("42,350.50 US dollars");
    expect(spokenMoney(-3.2)).toBe("minus 3.20 US dollars");
    expect(spokenMoney(-0.001, "signed")).toBe("0.00 US dollars");
    expect(spokenMoney(0, "signed")).toBe("0.00 US dollars");
  });

  it("spell percent out", () => {
    expect(spokenPercent(0.85, 1)).toBe("85.0 percent");
    expect(spokenPercent(2 / 3)).toBe("66.67 percent");
  });
});
