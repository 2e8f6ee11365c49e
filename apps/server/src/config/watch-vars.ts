/** The operators' watch: alert rules and webhooks files, engine liveness. */
import { z } from "zod";
import { parseDuration } from "../units.ts";
import { spec } from "./spec.ts";

export const WATCH_VARS = {
  ALERT_RULES: spec({
    key: "rulesPath",
    describe:
      "JSON file of alert rules the hub evaluates itself (drawdown, daily loss, streaks, win rate, rollbacks, signals, stale engines); see Operators' watch",
    schema: z.string().min(1, "must not be empty"),
  }),
  WEBHOOKS: spec({
    key: "webhooksPath",
    describe: "JSON file of webhook endpoints that get matching events, signed and retried; see Operators' watch",
    schema: z.string().min(1, "must not be empty"),
  }),
  LIVENESS_INTERVAL: spec({
    key: "livenessIntervalMs",
    describe:
      "heartbeat interval assumed for a publishing engine that declares none (X-Engine-Interval); off: watch only engines that declare one",
    default: "30s",
    schema: z.string().transform((s, ctx) => {
      if (s === "off") return null;
      const n = parseDuration(s);
      if (n === null || n < 1000 || n > 86_400_000) {
        ctx.addIssue({ code: "custom", message: "must be off or a duration from 1s to 1d, like 30s" });
      }
      return n ?? 0;
    }),
  }),
  LIVENESS_GRACE_FACTOR: spec({
    key: "graceFactor",
    describe: "an engine silent for longer than its interval times this is stale (one critical alert)",
    default: "3",
    schema: z
      .string()
      .regex(/^\d+(\.\d+)?$/, "must be a number like 3 or 2.5")
      .transform(Number)
      .pipe(z.number().min(1.5, "must be at least 1.5").max(100, "must be at most 100")),
  }),
} as const;
