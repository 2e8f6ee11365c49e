/**
 * The webhooks file (`WEBHOOKS=path`): where the hub POSTs matching events, signed.
 *
 * ```json
 * {"endpoints": [
 *   {"id": "ops-chat", "url": "https://chat.example.com/hooks/T0/B0/xyz", "secret_env": "OPS_HOOK_SECRET",
 *    "topics": ["system.alert", "strategy.rollback"], "min_severity": "warning", "format": "slack"}
 * ]}
 * ```
 *
 * URLs are checked here, at start: http or https, a host, no fragment. A webhook URL's path and
 * user info are often its credential (chat webhooks), so nothing logs or reports more than its
 * scheme and host (`target`).
 */
import { EventTypeSchema, isValidPattern, MATCH_ALL, SEGMENT_RE, Severity } from "@tickerwire/protocol";
import { z } from "zod";
import { parseDuration } from "../../units.ts";
import { describeIssue, WatchFileError } from "./json-file.ts";

export const MAX_ENDPOINTS = 50;
const ID_RULE = "must be 1-64 characters of A-Z, a-z, 0-9, _ or -";

/** Why a webhook URL is refused, or null when it is fine. Never repeats the URL. */
export function urlProblem(raw: string): string | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return "must be an absolute http:// or https:// URL";
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") return `must be http:// or https:// (got ${u.protocol}//)`;
  if (!u.hostname) return "must name a host";
  if (u.hash) return "must not have a #fragment";
  return null;
}

/** What may be shown of a webhook URL: scheme and host (with port), never path or credentials. */
export function redactWebhookUrl(raw: string): string {
  const u = new URL(raw);
  return `${u.protocol}//${u.host}`;
}

const duration = (fallback: string, min: number, max: number) =>
  z
    .string({ error: 'must be a duration like "5s" or "1h"' })
    .default(fallback)
    .transform((s, ctx) => {
      const ms = parseDuration(s);
      if (ms === null || ms < min || ms > max) {
        ctx.addIssue({
          code: "custom",
          message: `must be a duration from ${min} ms to ${max / 1000} s, like "5s" or "1h"`,
        });
        return z.NEVER;
      }
      return ms;
    });

export const EndpointSpec = z.strictObject({
  id: z.string({ error: ID_RULE }).regex(SEGMENT_RE, ID_RULE),
  url: z
    .string({ error: "must be an http:// or https:// URL" })
    .max(2000, "must be at most 2000 characters")
    .superRefine((s, ctx) => {
      const why = urlProblem(s);
      if (why) ctx.addIssue({ code: "custom", message: why });
    }),
  /** The HMAC key, inline... */
  secret: z.string().min(16, "must be at least 16 characters").max(512).optional(),
  /** ...or the name of an environment variable holding it (keeps it out of the file). */
  secret_env: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, "must be an environment variable name")
    .optional(),
  topics: z
    .array(z.string().refine(isValidPattern, "must be a topic pattern like system.alert, strategy.*.signal or trade.>"))
    .min(1, "must list at least one pattern")
    .max(100)
    .default([MATCH_ALL]),
  types: z.array(EventTypeSchema).min(1).max(6).optional(),
  /** Alerts below this severity are not sent (other event types are unaffected). */
  min_severity: Severity.optional(),
  format: z.enum(["json", "slack"], { error: "must be json or slack" }).default("json"),
  /** One attempt's deadline. */
  timeout: duration("5s", 100, 60_000),
  /** How long a delivery is retried (timeouts, 5xx, 429, network errors) before it is dropped. */
  retry_for: duration("1h", 1_000, 7 * 86_400_000),
  /** The longest wait between two attempts (the backoff doubles from 1 s up to this). */
  max_retry_delay: duration("60s", 100, 3_600_000),
});
export type EndpointSpec = z.infer<typeof EndpointSpec>;

export const WebhookFile = z.strictObject({
  endpoints: z.array(EndpointSpec).max(MAX_ENDPOINTS, `at most ${MAX_ENDPOINTS} endpoints`),
});

/** One endpoint, ready to use: the secret resolved, durations in ms. */
export interface WebhookEndpoint {
  id: string;
  url: string;
  /** `redactWebhookUrl(url)`: the only form of the URL in logs, health and metrics. */
  target: string;
  secret: string;
  topics: string[];
  types: EventType[] | undefined;
  minSeverity: SeverityName | undefined;
  format: "json" | "slack";
  timeoutMs: number;
  retryForMs: number;
  maxRetryDelayMs: number;
}
type EventType = z.infer<typeof EventTypeSchema>;
type SeverityName = z.infer<typeof Severity>;

/**
 * Validates a parsed webhooks file and resolves secrets from `env`. Throws `WatchFileError` (one
 * line naming the endpoint and field; never a URL or a secret).
 */
export function parseWebhookFile(
  json: unknown,
  source: string,
  env: Record<string, string | undefined>,
  variable = "WEBHOOKS",
): WebhookEndpoint[] {
  const fail = (msg: string): never => {
    throw new WatchFileError(variable, `invalid ${variable} (${source}): ${msg}`);
  };
  const r = WebhookFile.safeParse(json);
  if (!r.success) return fail(describeIssue(r.error, json, "endpoints", "webhook"));
  const seen = new Set<string>();
  return r.data.endpoints.map((e, i) => {
    const at = `webhook "${e.id}" (endpoints[${i}])`;
    if (seen.has(e.id)) fail(`${at}: the id is used twice`);
    seen.add(e.id);
    if ((e.secret === undefined) === (e.secret_env === undefined))
      fail(`${at}: give exactly one of "secret" and "secret_env"`);
    let secret = e.secret;
    if (e.secret_env !== undefined) {
      secret = env[e.secret_env];
      if (!secret) fail(`${at}: field "secret_env": the environment variable ${e.secret_env} is not set`);
      else if (secret.length < 16) fail(`${at}: field "secret_env": ${e.secret_env} must hold at least 16 characters`);
    }
    return {
      id: e.id,
      url: e.url,
      target: redactWebhookUrl(e.url),
      secret: secret as string,
      topics: e.topics,
      types: e.types,
      minSeverity: e.min_severity,
      format: e.format,
      timeoutMs: e.timeout,
      retryForMs: e.retry_for,
      maxRetryDelayMs: e.max_retry_delay,
    };
  });
}
