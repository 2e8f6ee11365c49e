import { describe, expect, test } from "bun:test";
import { originAllowed } from "./origin.ts";

describe("originAllowed", () => {
  const own = "http://hub.example:8080";
  test("admits requests without Origin (non-browser; authentication decides)", () => {
    expect(originAllowed(null, own, "same-origin")).toBe(true);
  });
  test("same-origin admits the hub's own origin only", () => {
    expect(originAllowed("http://HUB.example:8080", own, "same-origin")).toBe(true);
    expect(originAllowed("http://evil.example", own, "same-origin")).toBe(false);
    expect(originAllowed("https://hub.example:8080", own, "same-origin")).toBe(false); // other scheme
    expect(originAllowed("null", own, "same-origin")).toBe(false);
  });
  test("a list adds origins; default ports are normalised", () => {
    const list = ["https://app.example"];
    expect(originAllowed("https://app.example:443", own, list)).toBe(true);
    expect(originAllowed("https://app.example.evil.com", own, list)).toBe(false);
    expect(originAllowed(own, own, list)).toBe(true);
  });
  test("any admits every origin", () => {
    expect(originAllowed("http://evil.example", own, "any")).toBe(true);
  });
});
