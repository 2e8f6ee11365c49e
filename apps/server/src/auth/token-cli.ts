/**
 * Prints a signed JWT for operators and scripts:
 *   bun apps/server/src/auth/token-cli.ts --secret "$JWT_SECRET" --scope publish,subscribe \
 *     --topics 'strategy.>' --ttl 1h [--sub name] [--alg HS256] [--key private.pem] [--iss x] [--aud y]
 * `--topics` limits both scopes; `--publish-topics` / `--subscribe-topics` limit one.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { Jwt } from "hono/utils/jwt";
import { parseDuration } from "../units.ts";

export interface TokenRequest {
  alg: "HS256" | "RS256" | "ES256";
  /** HS256 secret, or the PEM private key (pkcs8) for RS256/ES256. */
  key: string;
  sub: string;
  scopes: string[];
  publishTopics?: string[] | undefined;
  subscribeTopics?: string[] | undefined;
  ttlMs: number;
  iss?: string | undefined;
  aud?: string | undefined;
  kid?: string | undefined;
  now?: number;
}

/** Signs a token with Tickerwire's claim shape (see claims.ts). */
export function signToken(r: TokenRequest): Promise<string> {
  const iat = Math.floor((r.now ?? Date.now()) / 1000);
  const topics: Record<string, string[]> = {};
  if (r.publishTopics) topics.publish = r.publishTopics;
  if (r.subscribeTopics) topics.subscribe = r.subscribeTopics;
  const payload = {
    sub: r.sub,
    iat,
    exp: iat + Math.round(r.ttlMs / 1000),
    scope: r.scopes.join(" "),
    ...(Object.keys(topics).length > 0 ? { topics } : {}),
    ...(r.iss ? { iss: r.iss } : {}),
    ...(r.aud ? { aud: r.aud } : {}),
  };
  return Jwt.sign(payload, r.key, r.alg);
}

const list = (s: string | undefined) =>
  s === undefined
    ? undefined
    : s
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean);

export async function main(argv: string[]): Promise<string> {
  const { values: v } = parseArgs({
    args: argv,
    options: {
      secret: { type: "string" },
      key: { type: "string" },
      alg: { type: "string", default: "HS256" },
      sub: { type: "string", default: "operator" },
      scope: { type: "string", default: "subscribe" },
      topics: { type: "string" },
      "publish-topics": { type: "string" },
      "subscribe-topics": { type: "string" },
      ttl: { type: "string", default: "1h" },
      iss: { type: "string" },
      aud: { type: "string" },
    },
  });
  const alg = v.alg as TokenRequest["alg"];
  if (!["HS256", "RS256", "ES256"].includes(alg)) throw new Error("--alg must be HS256, RS256 or ES256");
  const key = alg === "HS256" ? (v.secret ?? process.env.JWT_SECRET) : v.key ? readFileSync(v.key, "utf8") : undefined;
  if (!key)
    throw new Error(alg === "HS256" ? "--secret (or JWT_SECRET) is required" : "--key <private.pem> is required");
  const ttlMs = parseDuration(v.ttl);
  if (ttlMs === null) throw new Error("--ttl must be a duration like 30m, 1h or 7d");
  return signToken({
    alg,
    key,
    sub: v.sub,
    scopes: list(v.scope) ?? [],
    publishTopics: list(v["publish-topics"] ?? v.topics),
    subscribeTopics: list(v["subscribe-topics"] ?? v.topics),
    ttlMs,
    iss: v.iss,
    aud: v.aud,
  });
}

if (import.meta.main) {
  try {
    process.stdout.write(`${await main(process.argv.slice(2))}\n`);
  } catch (e) {
    process.stderr.write(`token-cli: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  }
}
