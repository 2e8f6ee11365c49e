/**
 * The committed API documents are valid by the ecosystem's own validators (@asyncapi/parser,
 * @seriousme/openapi-schema-validator), are exactly what packages/protocol generates, and name
 * every message type in both directions.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Parser } from "@asyncapi/parser";
import { Validator } from "@seriousme/openapi-schema-validator";
import { ClientMessage, SERVER_MESSAGE_SCHEMAS } from "@tickerwire/protocol";
import { specDocuments } from "./spec.ts";

setDefaultTimeout(60_000);
const ROOT = resolve(import.meta.dir, "..");
const read = (name: string) => readFileSync(join(ROOT, "docs", name), "utf8");

type Doc = { [key: string]: unknown };
/** The object at `path` in a parsed document ({} when absent). */
function at(doc: Doc, ...path: string[]): Doc {
  let node: unknown = doc;
  for (const key of path) node = (node as Doc | undefined)?.[key];
  return typeof node === "object" && node !== null ? (node as Doc) : {};
}

describe("docs/asyncapi.json and docs/openapi.json", () => {
  test("are what `bun run spec` generates from packages/protocol (run it after changing a schema)", () => {
    for (const doc of specDocuments()) expect(readFileSync(join(ROOT, doc.path), "utf8")).toBe(doc.text);
  });

  test("the AsyncAPI document parses with @asyncapi/parser without errors or warnings", async () => {
    const { document, diagnostics } = await new Parser().parse(read("asyncapi.json"));
    // Spectral severities: 0 error, 1 warning, 2 information, 3 hint.
    const problems = diagnostics.filter((d) => d.severity <= 1).map((d) => `${d.code}: ${d.message} at ${d.path}`);
    expect(problems).toEqual([]);
    expect(document?.version()).toBe("3.0.0");
    expect(
      document
        ?.channels()
        .all()
        .map((c) => c.address()),
    ).toEqual(expect.arrayContaining(["/ws", "/sse", "strategy.{strategy}.signal", "market.{symbol}.{interval}"]));
  });

  test("the OpenAPI document is a valid OpenAPI 3.1 document", async () => {
    const result = await new Validator().validate(JSON.parse(read("openapi.json")));
    expect(result).toEqual({ valid: true });
  });

  test("every server and client message type is a message of /ws (with the batch=1 events frame); every server one of /sse too", () => {
    const doc = JSON.parse(read("asyncapi.json")) as Doc;
    const channel = (name: string) => Object.keys(at(doc, "channels", name, "messages"));
    const serverTypes = Object.keys(SERVER_MESSAGE_SCHEMAS);
    const clientTypes = ClientMessage.options.map((o) => o.shape.type.value);
    expect(channel("ws").sort()).toEqual([...serverTypes, ...clientTypes, "events"].sort());
    expect(channel("sse").sort()).toEqual([...serverTypes].sort());
    for (const type of [...serverTypes, ...clientTypes]) {
      expect(String(at(doc, "components", "messages", type, "payload").$ref)).toStartWith("#/components/schemas/");
    }
  });

  test("each message carries protocol's example, and each OpenAPI path its operations", () => {
    const asyncApi = JSON.parse(read("asyncapi.json")) as Doc;
    const missing = Object.entries(at(asyncApi, "components", "messages")).filter(
      ([, m]) => !Array.isArray((m as Doc).examples),
    );
    expect(missing.map(([t]) => t)).toEqual([]);
    const openApi = JSON.parse(read("openapi.json")) as Doc;
    expect(Object.keys(at(openApi, "paths"))).toEqual(
      expect.arrayContaining(["/api/v1/events", "/api/v1/tickets", "/api/v1/health", "/api/v1/snapshot", "/metrics"]),
    );
  });
});
