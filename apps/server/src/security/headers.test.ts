import { describe, expect, test } from "bun:test";
import { contentSecurityPolicy } from "./headers.ts";

describe("contentSecurityPolicy", () => {
  test("allows only the hub's own scripts, styles and live endpoints", () => {
    const csp = contentSecurityPolicy("hub.example:8080");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("connect-src 'self' ws://hub.example:8080 wss://hub.example:8080");
    expect(csp).toContain("img-src 'self' data:");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
  });
  test("never echoes a hostile Host header into the policy", () => {
    expect(contentSecurityPolicy("evil.example; script-src *")).toContain("connect-src 'self';");
  });
});
