/** Security of the hub: configuration, the request gate, the per-socket guard, origins and headers. */
export { type SecurityConfig, securityConfigFrom } from "./config.ts";
export { SECURITY_VARS } from "./config-vars.ts";
export { createGate, type Gate, type StreamGrant } from "./gate.ts";
export { contentSecurityPolicy, corsFor, securityHeaders } from "./headers.ts";
export { originAllowed } from "./origin.ts";
export { createSecurity, type Security } from "./setup.ts";
export { createWsGuard, type WsGuard, type WsGuardState } from "./ws-guard.ts";
