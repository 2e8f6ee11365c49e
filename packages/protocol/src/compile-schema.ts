/**
 * A validator compiled from a zod schema: the same verdict as `schema.safeParse(v).success`, from
 * a tree of plain closures built once by walking the schema's definition — with zod's own
 * patterns, bounds and refinements. The browser runs zod without its JIT (its CSP forbids eval),
 * where validating an event cost more than all the dashboard did with it (measured in Chromium);
 * this tree does the same checks without zod's per-call context, issue lists and copies.
 *
 * Only what the event schemas use is supported (strict objects, strings with length and pattern
 * checks, finite numbers with bounds and safe-integer format, enums, literals, optional, and
 * object refinements); anything else throws when compiling, so a schema change that this does not
 * understand fails loudly in the tests instead of validating differently. The answer is a
 * boolean: on `false`, decode.ts asks zod itself for the issues.
 */
import type { z } from "zod";

export type Check = (value: unknown) => boolean;

/** The parts of zod 4's `_zod.def` this reads (zod 4.6.7, v4/core). */
interface Def {
  type: string;
  checks?: { _zod: { def: CheckDef } }[];
  shape?: Record<string, Schema>;
  catchall?: Schema;
  innerType?: Schema;
  entries?: Record<string, string | number>;
  values?: unknown[];
  /** Set when the schema is itself a check (a string format such as `z.iso.datetime()`). */
  check?: string;
}
interface CheckDef {
  check: string;
  value?: number;
  inclusive?: boolean;
  minimum?: number;
  maximum?: number;
  format?: string;
  pattern?: RegExp;
  fn?: (value: unknown) => unknown;
  abort?: boolean;
}
type Schema = { _zod: { def: Def } };

export class UnsupportedSchemaError extends Error {
  override readonly name = "UnsupportedSchemaError";
}

export function compileSchema(schema: z.ZodType): Check {
  return compile(schema as unknown as Schema, "schema");
}

function unsupported(path: string, what: string): never {
  throw new UnsupportedSchemaError(`cannot compile ${path}: ${what}`);
}

function compile(s: Schema, path: string): Check {
  const def = s._zod.def;
  switch (def.type) {
    case "string":
      // A format schema (`z.iso.datetime()`) is itself a string check: its pattern is on the def.
      return allOf(
        isString,
        def.check
          ? [stringCheck(def as unknown as CheckDef, path), ...stringChecks(def, path)]
          : stringChecks(def, path),
      );
    case "number":
      return allOf(isFiniteNumber, numberChecks(def, path));
    case "enum": {
      const values = new Set(Object.values(def.entries ?? {}));
      return allOf((v) => values.has(v as string), noChecks(def, path));
    }
    case "literal": {
      const values = new Set(def.values ?? []);
      return allOf((v) => values.has(v), noChecks(def, path));
    }
    case "optional": {
      const inner = compile(def.innerType as Schema, path);
      return allOf((v) => v === undefined || inner(v), noChecks(def, path));
    }
    case "object":
      return objectCheck(def, path);
    default:
      return unsupported(path, `type "${def.type}"`);
  }
}

const isString = (v: unknown): boolean => typeof v === "string";
// zod's number accepts neither NaN nor ±Infinity.
const isFiniteNumber = (v: unknown): boolean => typeof v === "number" && Number.isFinite(v);

function allOf(first: Check, rest: Check[]): Check {
  if (rest.length === 0) return first;
  if (rest.length === 1) {
    const [a] = rest as [Check];
    return (v) => first(v) && a(v);
  }
  return (v) => {
    if (!first(v)) return false;
    for (const c of rest) if (!c(v)) return false;
    return true;
  };
}

function noChecks(def: Def, path: string): Check[] {
  if (def.checks?.length) unsupported(path, `checks on ${def.type}`);
  return [];
}

/** Formats that are exactly a pattern test in zod 4.6.7 (others, like email or url, do more). */
const PATTERN_FORMATS = new Set(["regex", "datetime"]);

function stringChecks(def: Def, path: string): Check[] {
  return (def.checks ?? []).map(({ _zod: { def: c } }) => stringCheck(c, path));
}

function stringCheck(c: CheckDef, path: string): Check {
  if (c.check === "min_length") {
    const min = c.minimum as number;
    return (v) => (v as string).length >= min;
  }
  if (c.check === "max_length") {
    const max = c.maximum as number;
    return (v) => (v as string).length <= max;
  }
  if (c.check === "string_format" && c.pattern instanceof RegExp && PATTERN_FORMATS.has(c.format ?? "")) {
    const re = c.pattern;
    // A global or sticky pattern would carry state between calls; zod's are neither.
    if (re.global || re.sticky) unsupported(path, "a global or sticky pattern");
    return (v) => re.test(v as string);
  }
  return unsupported(path, `string check "${c.check}"${c.format ? ` (${c.format})` : ""}`);
}

function numberChecks(def: Def, path: string): Check[] {
  return (def.checks ?? []).map(({ _zod: { def: c } }): Check => {
    if (c.check === "number_format" && c.format === "safeint") return (v) => Number.isSafeInteger(v);
    if (c.check === "greater_than") {
      const min = c.value as number;
      return c.inclusive ? (v) => (v as number) >= min : (v) => (v as number) > min;
    }
    if (c.check === "less_than") {
      const max = c.value as number;
      return c.inclusive ? (v) => (v as number) <= max : (v) => (v as number) < max;
    }
    return unsupported(path, `number check "${c.check}"${c.format ? ` (${c.format})` : ""}`);
  });
}

function objectCheck(def: Def, path: string): Check {
  if (def.catchall?._zod.def.type !== "never") unsupported(path, "an object that is not strict (zod would strip keys)");
  const fields = Object.entries(def.shape ?? {}).map(([key, schema]) => ({
    key,
    check: compile(schema, `${path}.${key}`),
  }));
  const known = new Set(fields.map((f) => f.key));
  const refinements = (def.checks ?? []).map(({ _zod: { def: c } }): Check => {
    if (c.check !== "custom" || typeof c.fn !== "function") return unsupported(path, `object check "${c.check}"`);
    const fn = c.fn;
    // zod runs an object's refinements only once its fields passed; so does this (see below).
    return (v) => {
      const r = fn(v);
      if (r instanceof Promise) return unsupported(path, "an async refinement");
      return Boolean(r);
    };
  });
  return (v) => {
    if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
    const o = v as Record<string, unknown>;
    for (const f of fields) if (!f.check(o[f.key])) return false;
    for (const k in o) if (!known.has(k)) return false;
    for (const r of refinements) if (!r(v)) return false;
    return true;
  };
}
