/**
 * How one environment variable is declared, once: its description (the README table), its
 * default as written in the environment, its zod schema (the parser, and through `z.output` the
 * type), and the key it takes in its group of the server's `Config`. A group of variables is read
 * with `readGroup`, whose result type is derived from the specs — nothing is restated.
 */
import { z } from "zod";
import { parseBytes, parseDuration } from "../units.ts";

export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
  }
}

export interface VarSpec<T = unknown> {
  describe: string;
  /** The default as written in the environment (absent: the variable is optional). */
  default?: string;
  schema: z.ZodType<T, string>;
  /** Its key in the group's settings (security variables are read by name instead). */
  key?: string;
}

/** Keeps the literal type of a spec (its key, whether it has a default). */
export const spec = <const S extends VarSpec<unknown>>(s: S & VarSpec<z.output<S["schema"]>>): S => s;

type Out<S> = S extends { schema: z.ZodType<infer T, string> } ? T : never;

/** The settings a group of specs reads to: each spec's key, typed by its schema, `| undefined` without a default. */
export type Settings<V extends Record<string, VarSpec>> = {
  [N in keyof V as V[N]["key"] & string]: V[N] extends { default: string } ? Out<V[N]> : Out<V[N]> | undefined;
};

export const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, "must be a whole number")
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

export const bytes = (min: number, max: number) =>
  z
    .string()
    .transform((s, ctx) => {
      const n = parseBytes(s);
      if (n === null) ctx.addIssue({ code: "custom", message: "must be a byte size like 65536, 64KiB or 1MiB" });
      return n ?? 0;
    })
    .pipe(z.number().min(min, `must be at least ${min} bytes`).max(max, `must be at most ${max} bytes`));

export const duration = z.string().transform((s, ctx) => {
  const n = parseDuration(s);
  if (n === null) ctx.addIssue({ code: "custom", message: "must be a duration like 7d, 12h, 30m or 45s" });
  return n ?? 0;
});

export const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of ${values.join(", ")}` });

export const text = z.string().min(1, "must not be empty");

/** One variable from `env` (trimmed; empty is unset), parsed; a bad value is a one-line ConfigError. */
export function readVar<T>(env: Record<string, string | undefined>, name: string, s: VarSpec<T>): T | undefined {
  const given = env[name]?.trim();
  const raw = given === undefined || given === "" ? s.default : given;
  if (raw === undefined) return undefined;
  const r = s.schema.safeParse(raw);
  if (r.success) return r.data;
  const why = r.error.issues[0]?.message ?? "is invalid";
  throw new ConfigError(name, `invalid ${name}=${JSON.stringify(raw.slice(0, 80))}: ${why}`);
}

/** Every variable of a group, by its key. */
export function readGroup<V extends Record<string, VarSpec>>(
  env: Record<string, string | undefined>,
  vars: V,
): Settings<V> {
  const out: Record<string, unknown> = {};
  for (const [name, s] of Object.entries(vars)) {
    if (s.key === undefined) throw new Error(`config variable ${name} has no key`);
    out[s.key] = readVar(env, name, s);
  }
  return out as Settings<V>;
}

/** `on` | `off`, read as a boolean. */
export const onOff = oneOf(["on", "off"] as const).transform((v) => v === "on");
