/**
 * Reading the watch's JSON files (ALERT_RULES, WEBHOOKS) at start-up: bounded in size, parsed,
 * and every failure one line naming the file and, for a zod issue, the item (by its `id`) and
 * the field. `WatchFileError` carries the variable so config.ts can name it.
 */
import { readFileSync, statSync } from "node:fs";
import type { z } from "zod";

export class WatchFileError extends Error {
  override readonly name = "WatchFileError";
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
  }
}

/** Larger files are refused before reading (a rules or webhooks file is a few kilobytes). */
export const MAX_WATCH_FILE_BYTES = 1 << 20;

/** Reads and parses a JSON file; throws `WatchFileError` naming `variable` and the path. */
export function readJsonFile(variable: string, path: string, maxBytes = MAX_WATCH_FILE_BYTES): unknown {
  const fail = (why: string): never => {
    throw new WatchFileError(variable, `invalid ${variable} (${path}): ${why}`);
  };
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) fail("not a regular file");
    size = st.size;
  } catch (e) {
    if (e instanceof WatchFileError) throw e;
    return fail(`cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  if (size > maxBytes) fail(`${size} bytes is more than the ${maxBytes} allowed`);
  const text = readFileSync(path, "utf8");
  try {
    return JSON.parse(text);
  } catch (e) {
    return fail(`not valid JSON: ${(e as Error).message.split("\n")[0]}`);
  }
}

/**
 * One line for the first zod issue of a file whose items sit in `root[listKey]`: which item (its
 * `id` when it has one, and its index) and which field.
 * @example "rule \"dd-total\" (rules[0]): field \"above\": must be a positive amount"
 */
export function describeIssue(error: z.ZodError, root: unknown, listKey: string, noun: string): string {
  // An unknown field explains a "missing" one next to it (a typo): name it first.
  const issue = error.issues.find((i) => i.code === "unrecognized_keys") ?? error.issues[0];
  if (!issue) return "is invalid";
  const path = issue.path.map((p) => (typeof p === "symbol" ? String(p) : p));
  let message = issue.message;
  if (issue.code === "unrecognized_keys") {
    const keys = (issue as { keys?: string[] }).keys ?? [];
    message = `unknown field${keys.length > 1 ? "s" : ""} ${keys.map((k) => `"${k}"`).join(", ")}`;
  }
  if (path[0] !== listKey || typeof path[1] !== "number") {
    const where = path.length > 0 ? `field "${path.join(".")}"` : "the file";
    return `${where}: ${message}`;
  }
  const index = path[1];
  const items = (root as Record<string, unknown>)[listKey];
  const item = Array.isArray(items) ? (items[index] as Record<string, unknown> | undefined) : undefined;
  const id = item && typeof item.id === "string" ? `"${item.id.slice(0, 64)}" ` : "";
  const field = path.slice(2).join(".");
  return `${noun} ${id}(${listKey}[${index}])${field ? `: field "${field}"` : ""}: ${message}`;
}
