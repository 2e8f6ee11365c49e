/**
 * Verifies a JWT with the configured key and a PINNED algorithm: the token's own `alg` header is
 * only compared with it, never trusted (hono's `verify` throws on a mismatch, so `none` or an
 * HS256 token signed with an RSA public key as the secret are refused). Expiry is checked here
 * with an injected clock, so tests and the hub agree on time.
 */
import { readFileSync } from "node:fs";
import { Jwt } from "hono/utils/jwt";
import type { HonoJsonWebKey } from "hono/utils/jwt/jws";
import { type Principal, principalFrom, TokenClaims } from "./claims.ts";
import { AuthError } from "./errors.ts";

export type JwtAlg = "HS256" | "RS256" | "ES256";

export interface VerifierOptions {
  alg: JwtAlg;
  /** HS256 */
  secret?: string | undefined;
  /** RS256/ES256: a PEM public key (SPKI). */
  publicKey?: string | undefined;
  /** RS256/ES256: a JWKS document's path (`{"keys": [...]}`), keys chosen by `kid`. */
  jwksFile?: string | undefined;
  issuer?: string | undefined;
  audience?: string | undefined;
  /** Clock skew tolerated on `exp`/`nbf` (default 5 s). */
  leewayMs?: number;
  now?: () => number;
}

export type TokenVerifier = (token: string) => Promise<Principal>;

export function loadJwks(path: string): HonoJsonWebKey[] {
  const doc = JSON.parse(readFileSync(path, "utf8")) as { keys?: unknown };
  if (!Array.isArray(doc.keys) || doc.keys.length === 0) throw new Error(`${path}: no "keys" array`);
  return doc.keys as HonoJsonWebKey[];
}

export function createTokenVerifier(o: VerifierOptions): TokenVerifier {
  const now = o.now ?? Date.now;
  const leeway = o.leewayMs ?? 5_000;
  // exp/nbf/iat are checked below with our clock; iss/aud by hono.
  const checks = {
    exp: false,
    nbf: false,
    iat: false,
    ...(o.issuer ? { iss: o.issuer } : {}),
    ...(o.audience ? { aud: o.audience } : {}),
  };
  const jwks = o.jwksFile ? loadJwks(o.jwksFile) : null;
  const key = o.alg === "HS256" ? o.secret : o.publicKey;
  if (!jwks && !key)
    throw new Error(`JWT_ALG=${o.alg} needs ${o.alg === "HS256" ? "JWT_SECRET" : "JWT_PUBLIC_KEY or JWT_JWKS_FILE"}`);
  if (jwks && o.alg === "HS256") throw new Error("a JWKS file holds public keys: use JWT_ALG=RS256 or ES256");

  return async function verifyToken(token) {
    let payload: unknown;
    try {
      payload = jwks
        ? await Jwt.verifyWithJwks(token, {
            keys: jwks,
            allowedAlgorithms: [o.alg as "RS256" | "ES256"],
            verification: checks,
          })
        : await Jwt.verify(token, key as string, { alg: o.alg, ...checks });
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      throw new AuthError("unauthorized", `invalid token: ${why.slice(0, 120)}`);
    }
    const claims = TokenClaims.safeParse(payload);
    if (!claims.success) {
      const i = claims.error.issues[0];
      throw new AuthError(
        "unauthorized",
        `invalid token claims: ${i?.path.join(".") ?? ""} ${i?.message ?? ""}`.trim(),
      );
    }
    const t = now();
    if (claims.data.exp * 1000 + leeway <= t) throw new AuthError("token_expired", "the token has expired");
    if (claims.data.nbf !== undefined && claims.data.nbf * 1000 - leeway > t) {
      throw new AuthError("unauthorized", "the token is not valid yet (nbf)");
    }
    return principalFrom(claims.data);
  };
}
