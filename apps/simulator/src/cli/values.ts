/** Parsing of flag values with messages that name the flag. */
import { parseArgs } from "node:util";
import { UsageError } from "./usage-error.ts";

export function positiveNumber(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(n) || n <= 0) {
    throw new UsageError(`--${flag} must be a positive number, got "${raw}"`);
  }
  return n;
}

export function nonNegativeInteger(
  flag: string,
  raw: string | undefined,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n > max) {
    throw new UsageError(`--${flag} must be an integer from 0 to ${max}, got "${raw}"`);
  }
  return n;
}

export function httpUrl(flag: string, raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new UsageError(`--${flag} must be a URL like http://127.0.0.1:8080, got "${raw}"`);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") {
    throw new UsageError(`--${flag} must be an http:// or https:// URL, got "${raw}"`);
  }
  return u.origin;
}

export function commaList(raw: string): string[] {
  return [
    ...new Set(
      raw
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

type ParseArgsConfig = NonNullable<Parameters<typeof parseArgs>[0]>;

/** node:util parseArgs in strict mode, with its errors turned into UsageErrors. */
export function strictArgs<O extends NonNullable<ParseArgsConfig["options"]>>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
}
