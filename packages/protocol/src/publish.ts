/**
 * What publishers send: `{"topic": "...", "data": {...}}` or an array of them. Validation checks
 * the topic is known, the data fits the topic's type, and the names in the topic agree with the
 * data (a signal on `strategy.X.signal` must say `strategy_name: "X"`).
 */
import { z } from "zod";
import type { HubEvent } from "./events.ts";
import { AlertData, DATA_INPUT_SCHEMAS } from "./events.ts";
import type { EventType } from "./topics.ts";
import { KNOWN_TOPIC_FORMS, topicInfo } from "./topics.ts";

export const MAX_BATCH = 1000;

export const PublishItemShape = z.strictObject({
  topic: z.string().min(1).max(200),
  data: z.record(z.string(), z.unknown()),
});

/** A validated event ready for the bus: it has everything but `seq` and `timestamp`. */
export type PublishableEvent = {
  [T in HubEvent["type"]]: { type: T; topic: string; data: Extract<HubEvent, { type: T }>["data"] };
}[HubEvent["type"]];

const DEFAULT_SEVERITY = { promoted: "info", rollback: "warning", system: "info" } as const;

/** One problem with a publish request: which item, where in it, and what is wrong. */
export interface PublishIssue {
  index: number;
  path: (string | number)[];
  message: string;
}

export function toPath(path: readonly PropertyKey[]): (string | number)[] {
  return path.map((p) => (typeof p === "number" ? p : String(p)));
}

/** Validates one publish item (already an object). Returns the event or its issues. */
export function validatePublishItem(
  item: unknown,
  index = 0,
): { ok: true; value: PublishableEvent } | { ok: false; issues: PublishIssue[] } {
  const shape = PublishItemShape.safeParse(item);
  if (!shape.success) {
    return {
      ok: false,
      issues: shape.error.issues.map((i) => ({ index, path: toPath(i.path), message: i.message })),
    };
  }
  const { topic, data } = shape.data;
  const info = topicInfo(topic);
  if (!info) {
    return {
      ok: false,
      issues: [
        { index, path: ["topic"], message: `unknown topic "${topic}"; known forms: ${KNOWN_TOPIC_FORMS.join(", ")}` },
      ],
    };
  }
  const parsed = DATA_INPUT_SCHEMAS[info.type].safeParse(data);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => ({ index, path: ["data", ...toPath(i.path)], message: i.message })),
    };
  }
  const d = parsed.data as Record<string, unknown>;
  const mismatch = (field: string, expected: string): PublishIssue => ({
    index,
    path: ["data", field],
    message: `must be "${expected}" to match topic "${topic}"`,
  });
  if ((info.type === "signal" || info.type === "metrics") && d.strategy_name !== info.strategy) {
    return { ok: false, issues: [mismatch("strategy_name", info.strategy)] };
  }
  if (info.type === "candle") {
    if (d.symbol !== info.symbol) return { ok: false, issues: [mismatch("symbol", info.symbol)] };
    if (d.interval !== info.interval) return { ok: false, issues: [mismatch("interval", info.interval)] };
  }
  if (info.type === "alert") {
    if (d.kind !== undefined && d.kind !== info.kind) return { ok: false, issues: [mismatch("kind", info.kind)] };
    const alert = AlertData.parse({ ...d, kind: info.kind, severity: d.severity ?? DEFAULT_SEVERITY[info.kind] });
    return { ok: true, value: { type: "alert", topic, data: alert } };
  }
  return { ok: true, value: { type: info.type as Exclude<EventType, "alert">, topic, data: d } as PublishableEvent };
}
