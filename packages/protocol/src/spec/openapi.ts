/** The OpenAPI 3.1 document of the HTTP side: paths (openapi-paths.ts), components, security. */
import { API_VERSION } from "./asyncapi.ts";
import { componentSchemas, type JsonSchema } from "./components.ts";
import { ERROR_RESPONSES, openApiPaths } from "./openapi-paths.ts";

export function buildOpenApi(): JsonSchema {
  return {
    openapi: "3.1.0",
    info: {
      title: "Tickerwire HTTP API",
      version: API_VERSION,
      description:
        "Publish trading events, read history, get connect tickets, check health. Every error body is an ErrorBody with a code from ERROR_CODES. Generated from packages/protocol by `bun run spec`; the streaming messages of /ws and /sse are in asyncapi.json.",
    },
    // Relative: the document describes the hub that serves it.
    servers: [{ url: "/", description: "The hub serving this document" }],
    tags: [
      { name: "events", description: "Publish, history and snapshot." },
      { name: "streaming", description: "WebSocket and Server-Sent Events (see asyncapi.json)." },
      { name: "auth", description: "Connect tickets." },
      { name: "metrics", description: "Client delivery reports." },
      { name: "operations", description: "Health and Prometheus metrics." },
      { name: "watch", description: "Engine liveness (the operators' watch)." },
      { name: "documents", description: "These API documents." },
    ],
    paths: openApiPaths(),
    components: {
      schemas: componentSchemas("draft-2020-12"),
      responses: ERROR_RESPONSES,
      securitySchemes: {
        bearerJwt: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description:
            "With AUTH=jwt (with AUTH=off no credentials are needed). One pinned algorithm (JWT_ALG). Claims: `sub`, `exp` (both required), `scope` (`publish`, `subscribe`), optional `topics: {publish: [...], subscribe: [...]}` limiting each scope to topic patterns.",
        },
        ticket: {
          type: "apiKey",
          in: "query",
          name: "ticket",
          description:
            "A connect ticket from POST /api/v1/tickets: /ws and /sse only, single use, bound to the client IP.",
        },
      },
    },
  };
}
