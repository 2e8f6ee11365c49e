/**
 * `GET /api/v1/asyncapi.json` and `GET /api/v1/openapi.json`: the API documents generated from
 * packages/protocol, the same text `bun run spec` commits to docs/. Built on first request (the
 * schema conversion takes milliseconds) and kept: the protocol cannot change while the hub runs.
 */
import { buildAsyncApi, buildOpenApi } from "@tickerwire/protocol/spec";

export const API_DOCS = {
  "/api/v1/asyncapi.json": buildAsyncApi,
  "/api/v1/openapi.json": buildOpenApi,
} as const;

export function createApiDocHandler(build: () => unknown) {
  let text: string | null = null;
  return (): Response => {
    text ??= `${JSON.stringify(build(), null, 2)}\n`;
    return new Response(text, {
      headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-cache" },
    });
  };
}
