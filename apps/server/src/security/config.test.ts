import { describe, expect, test } from "bun:test";
import { ConfigError, loadConfig } from "../config.ts";

const load = (env: Record<string, string>) => loadConfig(env, "/srv/app");
const fails = (env: Record<string, string>) => {
  try {
    load(env);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error("expected a ConfigError");
};

describe("security configuration", () => {
  test("auth is off by default outside production, with sensible limits", () => {
    const s = load({}).security;
    expect(s.auth).toBeNull();
    expect(s.allowedOrigins).toBe("any");
    expect(s.csp).toBe(false);
    expect(s).toMatchObject({
      maxConnPerIp: 20,
      connRatePerIp: 10,
      wsMsgRate: 20,
      maxSubscriptions: 100,
      publishRate: 200,
      ticketTtlMs: 30_000,
    });
  });
  test("production requires an explicit AUTH; AUTH=off is allowed and flagged", () => {
    expect(fails({ NODE_ENV: "production" }).variable).toBe("AUTH");
    const s = load({ NODE_ENV: "production", AUTH: "off" }).security;
    expect(s.authOffInProduction).toBe(true);
    expect(s.allowedOrigins).toBe("same-origin");
    expect(s.csp).toBe(true);
  });
  test("AUTH=jwt needs the key its algorithm verifies with", () => {
    expect(fails({ AUTH: "jwt" }).variable).toBe("JWT_SECRET");
    expect(fails({ AUTH: "jwt", JWT_SECRET: "short" }).variable).toBe("JWT_SECRET");
    expect(fails({ AUTH: "jwt", JWT_ALG: "RS256" }).variable).toBe("JWT_PUBLIC_KEY");
    expect(
      fails({ AUTH: "jwt", JWT_ALG: "RS256", JWT_SECRET: "x".repeat(40), JWT_PUBLIC_KEY: "-----BEGIN PUBLIC KEY-----" })
        .variable,
    ).toBe("JWT_SECRET");
    expect(fails({ AUTH: "jwt", JWT_ALG: "none" }).variable).toBe("JWT_ALG");
    expect(load({ AUTH: "jwt", JWT_SECRET: "x".repeat(40) }).security.auth?.alg).toBe("HS256");
  });
  test("origins, proxies and TLS are validated", () => {
    expect(load({ ALLOWED_ORIGINS: "https://a.example, https://b.example/" }).security.allowedOrigins).toEqual([
      "https://a.example",
      "https://b.example",
    ]);
    expect(fails({ ALLOWED_ORIGINS: "a.example" }).variable).toBe("ALLOWED_ORIGINS");
    expect(fails({ TRUST_PROXY: "everyone" }).variable).toBe("TRUST_PROXY");
    expect(fails({ TLS_CERT: "/nope.pem" }).variable).toBe("TLS_KEY");
    expect(fails({ TLS_CERT: "/nope.pem", TLS_KEY: "/nope.key" }).variable).toBe("TLS_CERT");
  });
});
