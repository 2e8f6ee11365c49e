/**
 * A tiny levelled logger writing JSON lines to stderr (stdout carries only the `listening` line).
 * Libraries get it injected; `silentLogger` is for tests.
 */
import type { LogLevel } from "./config.ts";

export type Fields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: Fields): void;
  info(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  error(msg: string, fields?: Fields): void;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go (default: stderr). */
  write?: (line: string) => void;
  now?: () => Date;
}

function errorFields(fields: Fields | undefined): Fields | undefined {
  if (!fields) return fields;
  const out: Fields = {};
  for (const [k, v] of Object.entries(fields)) out[k] = v instanceof Error ? `${v.name}: ${v.message}` : v;
  return out;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const min = RANK[options.level ?? "info"];
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const now = options.now ?? (() => new Date());
  const log = (level: Exclude<LogLevel, "silent">) => (msg: string, fields?: Fields) => {
    if (RANK[level] < min) return;
    let line: string;
    try {
      line = JSON.stringify({ t: now().toISOString(), level, msg, ...errorFields(fields) });
    } catch {
      line = JSON.stringify({ t: now().toISOString(), level, msg, fields: "unserializable" });
    }
    write(`${line}\n`);
  };
  return { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
}

export const silentLogger: Logger = createLogger({ level: "silent" });
