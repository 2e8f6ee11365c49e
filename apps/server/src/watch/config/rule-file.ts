/**
 * The alert rules file (`ALERT_RULES=path`): what each rule watches, validated with zod at start.
 *
 * ```json
 * {"rules": [
 *   {"id": "desk-drawdown", "kind": "drawdown", "above": 500},
 *   {"id": "rsi-daily-loss", "kind": "daily_loss", "above": 300, "strategy": "RSI_Oversold"},
 *   {"id": "losing-streak", "kind": "loss_streak", "count": 4, "strategy": "*"}
 * ]}
 * ```
 *
 * `strategy`: a name (that strategy's ledger; a name no strategy uses yet is allowed and simply
 * never fires until it trades), `"*"` (each strategy on its own), or left out (the desk total;
 * for event rules: any strategy). Level rules (drawdown, daily_loss, loss_streak, win_rate,
 * engine_stale) fire when their condition becomes true and re-arm once it is false again; event
 * rules (rollback, signal) fire once per matching event.
 */
import { SEGMENT_RE, Severity } from "@tickerwire/protocol";
import { z } from "zod";
import { describeIssue, WatchFileError } from "./json-file.ts";

export const MAX_RULES = 1000;

const ID_RULE = "must be 1-64 characters of A-Z, a-z, 0-9, _ or -";
const id = z.string({ error: ID_RULE }).regex(SEGMENT_RE, ID_RULE);
const strategy = z
  .string({ error: 'must be a strategy name or "*"' })
  .refine((s) => s === "*" || SEGMENT_RE.test(s), 'must be a strategy name or "*" (each strategy)');
const amount = z
  .number({ error: "must be a number" })
  .positive("must be a positive amount")
  .max(1e15, "must be at most 1e15");
const common = {
  id,
  severity: Severity.optional(),
  /** Replaces the generated alert text (the generated detail still goes into `reason`). */
  message: z.string().min(1).max(500).optional(),
};
const level = {
  ...common,
  /** Also publish an info alert when the condition clears. */
  recovery: z.boolean().optional(),
};

export const DrawdownRule = z.strictObject({
  ...level,
  kind: z.literal("drawdown"),
  strategy: strategy.optional(),
  above: amount,
});
export const DailyLossRule = z.strictObject({
  ...level,
  kind: z.literal("daily_loss"),
  strategy: strategy.optional(),
  above: amount,
});
export const LossStreakRule = z.strictObject({
  ...level,
  kind: z.literal("loss_streak"),
  strategy: strategy.optional(),
  count: z.number().int("must be a whole number").min(1, "must be at least 1").max(100_000),
});
export const WinRateRule = z.strictObject({
  ...level,
  kind: z.literal("win_rate"),
  strategy: strategy.optional(),
  below: z.number().gt(0, "must be more than 0").max(1, "must be at most 1 (a ratio, e.g. 0.4)"),
  min_trades: z.number().int("must be a whole number").min(1, "must be at least 1").max(1e9),
});
export const EngineStaleRule = z.strictObject({
  ...level,
  kind: z.literal("engine_stale"),
  /** One engine by name; left out: every engine. */
  engine: id.optional(),
});
export const RollbackRule = z.strictObject({ ...common, kind: z.literal("rollback"), strategy: strategy.optional() });
export const SignalRule = z.strictObject({
  ...common,
  kind: z.literal("signal"),
  strategy: strategy.optional(),
  min_confidence: z.number().gt(0, "must be more than 0").max(1, "must be at most 1"),
  action: z.enum(["BUY", "SELL"]).optional(),
});

export const RULE_KINDS = [
  "drawdown",
  "daily_loss",
  "loss_streak",
  "win_rate",
  "engine_stale",
  "rollback",
  "signal",
] as const;

export const Rule = z.discriminatedUnion(
  "kind",
  [DrawdownRule, DailyLossRule, LossStreakRule, WinRateRule, EngineStaleRule, RollbackRule, SignalRule],
  { error: `must be one of ${RULE_KINDS.join(", ")}` },
);
export type Rule = z.infer<typeof Rule>;
export type LevelRule = Extract<
  Rule,
  { kind: "drawdown" | "daily_loss" | "loss_streak" | "win_rate" | "engine_stale" }
>;
export type LedgerRule = Exclude<LevelRule, { kind: "engine_stale" }>;
export type EventRule = Extract<Rule, { kind: "rollback" | "signal" }>;

export const RuleFile = z.strictObject({
  rules: z.array(Rule).max(MAX_RULES, `at most ${MAX_RULES} rules`),
});

/** The liveness rule the hub adds when the file defines no `engine_stale` rule of its own. */
export const DEFAULT_ENGINE_RULE: Rule = { id: "engine-stale", kind: "engine_stale" };

/**
 * Validates a parsed rules file. Throws `WatchFileError` (one line naming the rule and field).
 * Adds `DEFAULT_ENGINE_RULE` unless an `engine_stale` rule is given.
 */
export function parseRuleFile(json: unknown, source: string, variable = "ALERT_RULES"): Rule[] {
  const r = RuleFile.safeParse(json);
  if (!r.success) {
    throw new WatchFileError(
      variable,
      `invalid ${variable} (${source}): ${describeIssue(r.error, json, "rules", "rule")}`,
    );
  }
  const seen = new Set<string>();
  for (const [i, rule] of r.data.rules.entries()) {
    if (seen.has(rule.id)) {
      throw new WatchFileError(
        variable,
        `invalid ${variable} (${source}): rule "${rule.id}" (rules[${i}]): the id is used twice`,
      );
    }
    seen.add(rule.id);
  }
  return withDefaultRules(r.data.rules);
}

/** The rules in force: the given ones, plus the default liveness rule unless one is given. */
export function withDefaultRules(rules: readonly Rule[]): Rule[] {
  const hasEngineRule = rules.some((x) => x.kind === "engine_stale");
  const taken = rules.some((x) => x.id === DEFAULT_ENGINE_RULE.id);
  return hasEngineRule || taken ? [...rules] : [...rules, DEFAULT_ENGINE_RULE];
}
