/**
 * The security part of the configuration, from the already-validated variables: which auth, with
 * which key, origin and CORS lists, trusted proxies, limits and TLS. Cross-variable rules (a key
 * for the algorithm, AUTH required in production, both TLS files) are checked here.
 */
import { existsSync, readFileSync } from "node:fs";
import type { JwtAlg } from "../auth/verifier.ts";
import { parseTrustedProxies, type TrustedProxies } from "../limits/client-ip.ts";

export interface AuthConfig {
  alg: JwtAlg;
  secret: string | undefined;
  publicKey: string | undefined;
  jwksFile: string | undefined;
  issuer: string | undefined;
  audience: string | undefined;
}

export interface SecurityConfig {
  /** null: authentication is off. */
  auth: AuthConfig | null;
  /** AUTH=off was given explicitly in production (start-up prints a warning). */
  authOffInProduction: boolean;
  ticketTtlMs: number;
  /** "same-origin": only the hub's own origin; "any"; or the hub's own plus this list. */
  allowedOrigins: "any" | "same-origin" | string[];
  corsOrigins: string[];
  trustedProxies: TrustedProxies | null;
  maxConnPerIp: number;
  connRatePerIp: number;
  connBurstPerIp: number;
  wsMsgRate: number;
  maxSubscriptions: number;
  publishRate: number;
  /** Security headers with a content security policy for the dashboard (production only: HMR injects inline scripts). */
  csp: boolean;
  tls: { cert: string; key: string } | null;
}

export interface SecurityVarValues {
  AUTH: "off" | "jwt" | undefined;
  JWT_ALG: JwtAlg;
  JWT_SECRET: string | undefined;
  JWT_PUBLIC_KEY: string | undefined;
  JWT_JWKS_FILE: string | undefined;
  JWT_ISSUER: string | undefined;
  JWT_AUDIENCE: string | undefined;
  TICKET_TTL_S: number;
  ALLOWED_ORIGINS: string[] | undefined;
  CORS_ORIGINS: string[] | undefined;
  TRUST_PROXY: string;
  MAX_CONN_PER_IP: number;
  CONN_RATE_PER_IP: number;
  CONN_BURST_PER_IP: number;
  WS_MSG_RATE: number;
  MAX_SUBSCRIPTIONS: number;
  PUBLISH_RATE: number;
  TLS_CERT: string | undefined;
  TLS_KEY: string | undefined;
}

/** Thrown for a cross-variable problem; config.ts turns it into a ConfigError naming the variable. */
export class SecurityConfigError extends Error {
  override readonly name = "SecurityConfigError";
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
  }
}

function pem(value: string | undefined, resolvePath: (p: string) => string): string | undefined {
  if (value === undefined || value.includes("-----BEGIN")) return value;
  const path = resolvePath(value);
  if (!existsSync(path))
    throw new SecurityConfigError("JWT_PUBLIC_KEY", `JWT_PUBLIC_KEY: no PEM text and no file ${path}`);
  return readFileSync(path, "utf8");
}

export function securityConfigFrom(
  v: SecurityVarValues,
  production: boolean,
  resolvePath: (p: string) => string,
): SecurityConfig {
  if (production && v.AUTH === undefined) {
    throw new SecurityConfigError(
      "AUTH",
      "AUTH must be set in production: AUTH=jwt with JWT_SECRET / JWT_PUBLIC_KEY / JWT_JWKS_FILE, or AUTH=off to run without authentication",
    );
  }
  let auth: AuthConfig | null = null;
  if (v.AUTH === "jwt") {
    const hs = v.JWT_ALG === "HS256";
    if (hs && !v.JWT_SECRET)
      throw new SecurityConfigError("JWT_SECRET", "JWT_ALG=HS256 needs JWT_SECRET (32+ characters)");
    if (!hs && !v.JWT_PUBLIC_KEY && !v.JWT_JWKS_FILE) {
      throw new SecurityConfigError("JWT_PUBLIC_KEY", `JWT_ALG=${v.JWT_ALG} needs JWT_PUBLIC_KEY or JWT_JWKS_FILE`);
    }
    if (!hs && v.JWT_SECRET) {
      throw new SecurityConfigError(
        "JWT_SECRET",
        `JWT_SECRET is for HS256; JWT_ALG=${v.JWT_ALG} verifies with public keys`,
      );
    }
    const jwks = v.JWT_JWKS_FILE ? resolvePath(v.JWT_JWKS_FILE) : undefined;
    if (jwks && !existsSync(jwks))
      throw new SecurityConfigError("JWT_JWKS_FILE", `JWT_JWKS_FILE: no such file ${jwks}`);
    auth = {
      alg: v.JWT_ALG,
      secret: hs ? v.JWT_SECRET : undefined,
      publicKey: hs ? undefined : pem(v.JWT_PUBLIC_KEY, resolvePath),
      jwksFile: hs ? undefined : jwks,
      issuer: v.JWT_ISSUER,
      audience: v.JWT_AUDIENCE,
    };
  }
  if ((v.TLS_CERT === undefined) !== (v.TLS_KEY === undefined)) {
    throw new SecurityConfigError(v.TLS_CERT ? "TLS_KEY" : "TLS_CERT", "TLS_CERT and TLS_KEY go together");
  }
  let tls: SecurityConfig["tls"] = null;
  if (v.TLS_CERT && v.TLS_KEY) {
    tls = { cert: resolvePath(v.TLS_CERT), key: resolvePath(v.TLS_KEY) };
    for (const [name, path] of [
      ["TLS_CERT", tls.cert],
      ["TLS_KEY", tls.key],
    ] as const) {
      if (!existsSync(path)) throw new SecurityConfigError(name, `${name}: no such file ${path}`);
    }
  }
  const origins = v.ALLOWED_ORIGINS;
  return {
    auth,
    authOffInProduction: production && v.AUTH === "off",
    ticketTtlMs: v.TICKET_TTL_S * 1000,
    allowedOrigins: origins?.includes("*")
      ? "any"
      : origins && origins.length > 0
        ? origins
        : production
          ? "same-origin"
          : "any",
    corsOrigins: v.CORS_ORIGINS ?? [],
    trustedProxies: parseTrustedProxies(v.TRUST_PROXY),
    maxConnPerIp: v.MAX_CONN_PER_IP,
    connRatePerIp: v.CONN_RATE_PER_IP,
    connBurstPerIp: Math.max(v.CONN_BURST_PER_IP, 1),
    wsMsgRate: v.WS_MSG_RATE,
    maxSubscriptions: v.MAX_SUBSCRIPTIONS,
    publishRate: v.PUBLISH_RATE,
    csp: production,
    tls,
  };
}
