/**
 * The security variables (merged into CONFIG_VARS, so they are validated and documented with the
 * rest): authentication, origins, CORS, client IP behind proxies, limits and TLS.
 */
import { MAX_PATTERNS } from "@tickerwire/protocol";
import { z } from "zod";
import { int, spec, text } from "../config/spec.ts";
import { parseTrustedProxies } from "../limits/client-ip.ts";

const originList = z
  .string()
  .transform((s) =>
    s
      .split(",")
      .map((x) => x.trim().replace(/\/+$/, ""))
      .filter(Boolean),
  )
  .refine((xs) => xs.every((x) => x === "*" || /^https?:\/\/[^/\s]+$/i.test(x)), {
    message: "must be a comma list of origins like https://app.example.com (or *)",
  });

export const SECURITY_VARS = {
  AUTH: spec({
    describe:
      "jwt: every publish, subscribe and history request needs a token; off: no authentication (the default outside production; production refuses to start unless it is set)",
    schema: z.enum(["off", "jwt"], { error: "must be off or jwt" }),
  }),
  JWT_ALG: spec({
    describe: "the one algorithm tokens must be signed with (the token's own header is never trusted)",
    default: "HS256",
    schema: z.enum(["HS256", "RS256", "ES256"], { error: "must be HS256, RS256 or ES256" }),
  }),
  JWT_SECRET: spec({
    describe: "HS256 shared secret (at least 32 characters)",
    schema: z.string().min(32, "must be at least 32 characters"),
  }),
  JWT_PUBLIC_KEY: spec({
    describe: "RS256/ES256 public key: the PEM text, or the path of a PEM file",
    schema: text,
  }),
  JWT_JWKS_FILE: spec({ describe: 'RS256/ES256: path of a JWKS file ({"keys":[...]}, chosen by kid)', schema: text }),
  JWT_ISSUER: spec({ describe: "required `iss` claim, when set", schema: text }),
  JWT_AUDIENCE: spec({ describe: "required `aud` claim, when set", schema: text }),
  TICKET_TTL_S: spec({
    describe: "lifetime of a connect ticket from POST /api/v1/tickets (single use)",
    default: "30",
    schema: int(1, 300),
  }),
  ALLOWED_ORIGINS: spec({
    describe:
      "browser origins allowed to open /ws and /sse besides the hub's own (comma list, * for any); default: same origin only in production, any otherwise",
    schema: originList,
  }),
  CORS_ORIGINS: spec({
    describe: "origins allowed to call /api/* from other sites (comma list); default: none (no CORS headers)",
    schema: originList,
  }),
  TRUST_PROXY: spec({
    describe:
      "proxies whose X-Forwarded-For is believed (comma list of IPs, IPv4 CIDRs, `loopback`); the client is the right-most untrusted entry",
    default: "off",
    schema: z.string().refine((s) => parseTrustedProxies(s) !== null, "must be off, loopback, or IPs / CIDRs"),
  }),
  MAX_CONN_PER_IP: spec({
    describe: "open /ws + /sse connections per client IP (0 = unlimited)",
    default: "20",
    schema: int(0, 1_000_000),
  }),
  CONN_RATE_PER_IP: spec({
    describe: "connection attempts per second per client IP, sustained (0 = unlimited)",
    default: "10",
    schema: int(0, 1_000_000),
  }),
  CONN_BURST_PER_IP: spec({
    describe: "connection attempts per client IP in a burst",
    default: "40",
    schema: int(1, 1_000_000),
  }),
  WS_MSG_RATE: spec({
    describe: "WebSocket messages per second per connection, sustained (bursts of 2x); 0 = unlimited",
    default: "20",
    schema: int(0, 1_000_000),
  }),
  MAX_SUBSCRIPTIONS: spec({
    describe: `topic patterns per connection (at most ${MAX_PATTERNS})`,
    default: String(MAX_PATTERNS),
    schema: int(1, MAX_PATTERNS),
  }),
  PUBLISH_RATE: spec({
    describe:
      "POST /api/v1/events requests per second per token subject (per IP with AUTH=off), sustained (bursts of 2x); 0 = unlimited",
    default: "200",
    schema: int(0, 1_000_000),
  }),
  TLS_CERT: spec({
    describe: "PEM certificate (chain) file: serve https:// and wss:// directly (needs TLS_KEY)",
    schema: text,
  }),
  TLS_KEY: spec({ describe: "PEM private key file for TLS_CERT", schema: text }),
} as const;
