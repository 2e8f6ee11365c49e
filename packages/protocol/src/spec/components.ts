/**
 * The JSON Schemas of the API documents, generated from protocol's zod schemas (`z.toJSONSchema`):
 * every schema protocol exports becomes one named component, named after its export (without a
 * `Schema` suffix), and a schema used inside another is a `$ref` to its component. The input side
 * (`io: "input"`) is used throughout, so a JSON Schema validator accepts what zod's parse accepts:
 * `z.object` stays open to extra fields, `z.strictObject` closes them.
 */
import { z } from "zod";
import * as protocol from "../index.ts";

export type JsonSchema = { [key: string]: unknown };
/** draft-07 for AsyncAPI 3.0 (its Schema Object is a draft-07 superset), 2020-12 for OpenAPI 3.1. */
export type SchemaTarget = "draft-7" | "draft-2020-12";

/** Exports that are building blocks of a function, not shapes of the API. */
const INTERNAL = new Set(["PublishItemShape"]);

/** The desk-state snapshot's component (`GET /api/v1/snapshot`, `snapshot` messages). */
export const SNAPSHOT = "SnapshotMessage";

/** The component name of an export: `AlertKindSchema` → `AlertKind`, `seqSchema` → `Seq`. */
export function componentName(exportName: string): string {
  const base = exportName.endsWith("Schema") && exportName !== "Schema" ? exportName.slice(0, -6) : exportName;
  return base.charAt(0).toUpperCase() + base.slice(1);
}

let named: Map<string, z.ZodType> | undefined;

/** Every exported zod schema of protocol, by component name, sorted by name. */
export function namedSchemas(): Map<string, z.ZodType> {
  named ??= collectSchemas();
  return named;
}

function collectSchemas(): Map<string, z.ZodType> {
  const found: [string, z.ZodType][] = [];
  for (const [key, value] of Object.entries(protocol)) {
    if (value instanceof z.ZodType && !INTERNAL.has(key)) found.push([componentName(key), value]);
  }
  found.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return new Map(found);
}

/** The component name of a schema protocol exports; throws for one it does not. */
export function nameOf(schema: z.ZodType): string {
  for (const [name, s] of namedSchemas()) if (s === schema) return name;
  throw new Error("this schema is not exported by @tickerwire/protocol");
}

export const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
export const refTo = (schema: z.ZodType): JsonSchema => ref(nameOf(schema));

/** Every component schema for `target`, keys sorted, `$ref`s pointing at `#/components/schemas/`. */
export function componentSchemas(target: SchemaTarget): Record<string, JsonSchema> {
  const named = namedSchemas();
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of named) registry.add(schema, { id });
  const out = z.toJSONSchema(registry, {
    target,
    io: "input",
    uri: (id) => `#/components/schemas/${id}`,
  }) as { schemas: Record<string, JsonSchema> };
  const schemas: Record<string, JsonSchema> = {};
  for (const id of named.keys()) {
    const { $schema: _schema, $id: _id, ...rest } = out.schemas[id] as JsonSchema;
    schemas[id] = rest;
  }
  return Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
