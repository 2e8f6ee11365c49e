/**
 * The JWT claims Tickerwire reads, and the `Principal` a verified token becomes. Claim shape:
 * `{ sub, exp, scope: "publish subscribe", topics?: { publish?: [patterns], subscribe?: [patterns] } }`
 * — `scope` is space-separated (OAuth style; an array is accepted too); a scope without a
 * `topics` entry covers every topic. `exp` is required: every credential expires.
 */
import { isValidPattern, MATCH_ALL, MAX_PATTERNS } from "@tickerwire/protocol";
import { z } from "zod";

export const SCOPES = ["publish", "subscribe"] as const;
export type Scope = (typeof SCOPES)[number];

const Patterns = z.array(z.string().max(200).refine(isValidPattern, "not a valid topic pattern")).max(MAX_PATTERNS);

export const TokenClaims = z.object({
  sub: z.string().min(1).max(200),
  exp: z.number().int().positive(),
  nbf: z.number().int().optional(),
  scope: z.union([z.string().max(1000), z.array(z.string().max(100)).max(20)]),
  topics: z.object({ publish: Patterns.optional(), subscribe: Patterns.optional() }).optional(),
});
export type TokenClaims = z.infer<typeof TokenClaims>;

export interface Principal {
  subject: string;
  scopes: ReadonlySet<Scope>;
  /** Patterns this principal may publish to / subscribe to (`[">"]` when unrestricted). */
  publish: readonly string[];
  subscribe: readonly string[];
  /** Token expiry, epoch ms. */
  expiresAt: number;
}

export function principalFrom(claims: TokenClaims): Principal {
  const words = typeof claims.scope === "string" ? claims.scope.split(/[\s,]+/) : claims.scope;
  const scopes = new Set(SCOPES.filter((s) => words.includes(s)));
  return {
    subject: claims.sub,
    scopes,
    publish: scopes.has("publish") ? (claims.topics?.publish ?? [MATCH_ALL]) : [],
    subscribe: scopes.has("subscribe") ? (claims.topics?.subscribe ?? [MATCH_ALL]) : [],
    expiresAt: claims.exp * 1000,
  };
}
