/**
 * The API documents generated from protocol's schemas: AsyncAPI 3.0 (WebSocket and SSE) and
 * OpenAPI 3.1 (HTTP). `bun run spec` writes them to docs/; the hub serves them at
 * /api/v1/asyncapi.json and /api/v1/openapi.json.
 */
export * from "../api-examples.ts";
export { API_VERSION, buildAsyncApi } from "./asyncapi.ts";
export { componentName, componentSchemas, type JsonSchema, namedSchemas } from "./components.ts";
export { CLIENT_TYPES, SERVER_TYPES } from "./messages.ts";
export { buildOpenApi } from "./openapi.ts";
