/** Authentication: JWT claims and verification, connect tickets, pattern authorisation, the token CLI. */
export { type Principal, principalFrom, SCOPES, type Scope, TokenClaims } from "./claims.ts";
export { AuthError } from "./errors.ts";
export { patternCovers, patternsOutside, patternWithin } from "./pattern-within.ts";
export { createRedisTicketStore, type RedisTicketOptions } from "./redis-tickets.ts";
export {
  createTicketStore,
  type TicketStore,
  TicketStoreUnavailableError,
} from "./tickets.ts";
export { signToken, type TokenRequest } from "./token-cli.ts";
export { createTokenVerifier, type JwtAlg, type TokenVerifier } from "./verifier.ts";
