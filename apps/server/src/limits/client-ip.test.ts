import { describe, expect, test } from "bun:test";
import { clientIp, normalizeIp, parseTrustedProxies } from "./client-ip.ts";

describe("clientIp", () => {
  const loopback = parseTrustedProxies("loopback");
  test("is the socket address when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(clientIp("127.0.0.1", "6.6.6.6", parseTrustedProxies("off"))).toBe("127.0.0.1");
    expect(clientIp("::ffff:10.1.2.3", "6.6.6.6", null)).toBe("10.1.2.3");
  });
  test("takes the right-most untrusted X-Forwarded-For entry from a trusted proxy", () => {
    // The client wrote "6.6.6.6" itself; nginx appended the real peer 203.0.113.9.
    expect(clientIp("127.0.0.1", "6.6.6.6, 203.0.113.9", loopback)).toBe("203.0.113.9");
    const two = parseTrustedProxies("127.0.0.1,10.0.0.0/8");
    expect(clientIp("127.0.0.1", "6.6.6.6, 203.0.113.9, 10.2.3.4", two)).toBe("203.0.113.9");
  });
  test("ignores X-Forwarded-For from an untrusted peer", () => {
    expect(clientIp("198.51.100.7", "1.1.1.1", loopback)).toBe("198.51.100.7");
  });
  test("parses CIDRs and refuses nonsense", () => {
    expect(parseTrustedProxies("10.0.0.0/8")?.has("10.255.0.1")).toBe(true);
    expect(parseTrustedProxies("10.0.0.0/8")?.has("11.0.0.1")).toBe(false);
    expect(parseTrustedProxies("10.0.0.0/33")).toBeNull();
    expect(parseTrustedProxies("banana")).toBeNull();
    expect(normalizeIp("[::1]")).toBe("::1");
  });
});
