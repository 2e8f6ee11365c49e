/**
 * The watch's configuration as the server uses it: the rules in force, the webhook endpoints and
 * the liveness settings, read from the files the variables name (config.ts calls this at start).
 */
import { readJsonFile } from "./json-file.ts";
import { parseRuleFile, type Rule, withDefaultRules } from "./rule-file.ts";
import { parseWebhookFile, type WebhookEndpoint } from "./webhook-file.ts";

export interface WatchConfig {
  /** Every rule in force (the file's, plus the default engine_stale rule unless it has one). */
  rules: Rule[];
  webhooks: WebhookEndpoint[];
  /** Interval assumed for engines that declare none; null: only engines that declare one are watched. */
  livenessIntervalMs: number | null;
  /** An engine silent for longer than interval × this is stale. */
  graceFactor: number;
}

export interface WatchVarValues {
  /** Absolute paths (resolved against the working directory), when set. */
  rulesPath: string | undefined;
  webhooksPath: string | undefined;
  livenessIntervalMs: number | null;
  graceFactor: number;
}

/** Reads and validates both files; throws `WatchFileError` naming the variable, item and field. */
export function loadWatchConfig(v: WatchVarValues, env: Record<string, string | undefined>): WatchConfig {
  const rules =
    v.rulesPath === undefined
      ? withDefaultRules([])
      : parseRuleFile(readJsonFile("ALERT_RULES", v.rulesPath), v.rulesPath);
  const webhooks =
    v.webhooksPath === undefined ? [] : parseWebhookFile(readJsonFile("WEBHOOKS", v.webhooksPath), v.webhooksPath, env);
  return { rules, webhooks, livenessIntervalMs: v.livenessIntervalMs, graceFactor: v.graceFactor };
}
