/**
 * What publishers send: `{"topic": "...", "data": {...}}` or an array of them. Validation checks
 * the topic is known, the data fits the topic's type, and the names in the topic agree with the
 * data (a signal on `strategy.X.signal` must say `strategy_name: "X"`).
 */
import { z } from "zod";
import type { AlertData, AlertDataInput, HubEvent } from "./events.ts";
import { DATA_INPUT_SCHEMAS } from "./events.ts";
import type { EventType, TopicInfo } from "./topics.ts";
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

/** A plain object as `JSON.parse` makes it (zod's record/object would accept it unchanged). */
function isPlainRecord(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * The envelope check without zod for the common valid case: exactly `topic` (a string of 1-200)
 * and `data` (a plain object). Anything else goes through `PublishItemShape` for its issues.
 */
function hasPublishShape(item: unknown): item is { topic: string; data: Record<string, unknown> } {
  if (!isPlainRecord(item)) return false;
  let keys = 0;
  for (const k in item) {
    if (k !== "topic" && k !== "data") return false;
    keys++;
  }
  const { topic, data } = item;
  return keys === 2 && typeof topic === "string" && topic.length >= 1 && topic.length <= 200 && isPlainRecord(data);
}

/** Topics repeat from event to event: their resolution is cached (bounded; known topics only). */
const TOPIC_CACHE_MAX = 4096;
const topicCache = new Map<string, TopicInfo>();
function cachedTopicInfo(topic: string): TopicInfo | null {
  const hit = topicCache.get(topic);
  if (hit) return hit;
  const info = topicInfo(topic);
  if (info) {
    if (topicCache.size >= TOPIC_CACHE_MAX) topicCache.clear();
    topicCache.set(topic, info);
  }
  return info;
}

function mismatch(index: number, topic: string, field: string, expected: string): PublishIssue {
  return { index, path: ["data", field], message: `must be "${expected}" to match topic "${topic}"` };
}

/**
 * The wire alert: the validated input with `kind` and `severity` filled in, keys in `AlertData`'s
 * order (what `AlertData.parse` would give; the input was validated already, and both filled-in
 * values come from fixed tables, so no second parse is needed).
 */
function completeAlert(d: AlertDataInput, kind: AlertData["kind"]): AlertData {
  const a: Partial<AlertData> = { message: d.message };
  if (d.strategy_name !== undefined) a.strategy_name = d.strategy_name;
  a.severity = d.severity ?? DEFAULT_SEVERITY[kind];
  a.kind = kind;
  if (d.version !== undefined) a.version = d.version;
  if (d.reason !== undefined) a.reason = d.reason;
  if (d.rule_id !== undefined) a.rule_id = d.rule_id;
  if (d.engine !== undefined) a.engine = d.engine;
  return a as AlertData;
}

/** Validates one publish item (already an object). Returns the event or its issues. */
export function validatePublishItem(
  item: unknown,
  index = 0,
): { ok: true; value: PublishableEvent } | { ok: false; issues: PublishIssue[] } {
  let topic: string;
  let data: Record<string, unknown>;
  if (hasPublishShape(item)) {
    ({ topic, data } = item);
  } else {
    const shape = PublishItemShape.safeParse(item);
    if (!shape.success) {
      return {
        ok: false,
        issues: shape.error.issues.map((i) => ({ index, path: toPath(i.path), message: i.message })),
      };
    }
    ({ topic, data } = shape.data);
  }
  const info = cachedTopicInfo(topic);
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
  if ((info.type === "signal" || info.type === "metrics") && d.strategy_name !== info.strategy) {
    return { ok: false, issues: [mismatch(index, topic, "strategy_name", info.strategy)] };
  }
  if (info.type === "candle") {
    if (d.symbol !== info.symbol) return { ok: false, issues: [mismatch(index, topic, "symbol", info.symbol)] };
    if (d.interval !== info.interval) return { ok: false, issues: [mismatch(index, topic, "interval", info.interval)] };
  }
  if (info.type === "alert") {
    if (d.kind !== undefined && d.kind !== info.kind) {
      return { ok: false, issues: [mismatch(index, topic, "kind", info.kind)] };
    }
    return { ok: true, value: { type: "alert", topic, data: completeAlert(d as AlertDataInput, info.kind) } };
  }
  return { ok: true, value: { type: info.type as Exclude<EventType, "alert">, topic, data: d } as PublishableEvent };
}
