import { describe, expect, it } from "bun:test";
import { CLOSE_CODES } from "@tickerwire/protocol";
import { classifyClose } from "./close-policy.ts";

describe("close policy", () => {
  it("follows protocol codes: 1001 backs off, 4009 comes back at once, 4001/4003/1008 stop", () => {
    expect(classifyClose({ code: CLOSE_CODES.GOING_AWAY, reason: "" })).toBe("backoff");
    expect(classifyClose({ code: 1006, reason: "" })).toBe("backoff");
    expect(classifyClose({ code: CLOSE_CODES.RATE_LIMITED, reason: "" })).toBe("backoff");
    expect(classifyClose({ code: CLOSE_CODES.LAGGED, reason: "" })).toBe("now");
    for (const code of [CLOSE_CODES.UNAUTHORIZED, CLOSE_CODES.FORBIDDEN, CLOSE_CODES.POLICY]) {
      expect(classifyClose({ code, reason: "" })).toBe("fatal");
    }
  });

  it("stops on SSE answers retrying cannot fix, backs off on the rest", () => {
    for (const status of [204, 400, 401, 403]) expect(classifyClose({ status, reason: "" })).toBe("fatal");
    for (const status of [404, 429, 500, 502, 503]) expect(classifyClose({ status, reason: "" })).toBe("backoff");
    expect(classifyClose({ reason: "network" })).toBe("backoff");
  });
});
