import { describe, expect, it } from "bun:test";
import fc from "fast-check";
import { AlertData, type AlertDataInput, DATA_INPUT_SCHEMAS } from "./events.ts";
import { PublishItemShape, validatePublishItem } from "./publish.ts";
import { topicInfo } from "./topics.ts";

/** What validation did before its fast paths: zod for the envelope, the data, and the alert again. */
type Reference = { ok: true; json: string | null } | { ok: false; paths: string[] };

function reference(item: unknown): Reference {
  const shape = PublishItemShape.safeParse(item);
  if (!shape.success) return { ok: false, paths: shape.error.issues.map((i) => i.path.join(".")) };
  const info = topicInfo(shape.data.topic);
  if (!info) return { ok: false, paths: ["topic"] };
  const parsed = DATA_INPUT_SCHEMAS[info.type].safeParse(shape.data.data);
  if (!parsed.success) return { ok: false, paths: parsed.error.issues.map((i) => `data.${i.path.join(".")}`) };
  if (info.type !== "alert") return { ok: true, json: null };
  const d = parsed.data as AlertDataInput;
  if (d.kind !== undefined && d.kind !== info.kind) return { ok: false, paths: ["data.kind"] };
  const defaults = { promoted: "info", rollback: "warning", system: "info" } as const;
  return {
    ok: true,
    json: JSON.stringify(AlertData.parse({ ...d, kind: info.kind, severity: d.severity ?? defaults[info.kind] })),
  };
}

describe("validatePublishItem", () => {
  it("completes an alert exactly as AlertData.parse would, key order included", () => {
    const field = fc.option(fc.string({ minLength: 1, maxLength: 5 }), { nil: undefined });
    fc.assert(
      fc.property(
        fc.constantFrom("system.alert", "strategy.promoted", "strategy.rollback"),
        fc.record(
          {
            reason: field,
            message: fc.string({ minLength: 1, maxLength: 20 }),
            version: fc.option(fc.integer({ min: 0, max: 9 }), { nil: undefined }),
            severity: fc.option(fc.constantFrom("info", "warning", "critical"), { nil: undefined }),
            strategy_name: fc.option(fc.constantFrom("RSI", "MACD_2"), { nil: undefined }),
            rule_id: fc.option(fc.constantFrom("dd-total", "engine-stale"), { nil: undefined }),
            engine: fc.option(fc.constantFrom("engine-a", "exec_1"), { nil: undefined }),
          },
          { requiredKeys: ["message"] },
        ),
        (topic, raw) => {
          const data = JSON.parse(JSON.stringify(raw));
          const r = validatePublishItem({ topic, data });
          const ref = reference({ topic, data });
          expect(r.ok).toBe(ref.ok);
          if (r.ok && ref.ok) expect(JSON.stringify(r.value.data)).toBe(ref.json as string);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("refuses the same envelopes as the zod schema, with its issue paths", () => {
    const cases: unknown[] = [
      { topic: "system.alert", data: { message: "x" }, extra: 1 },
      { topic: "system.alert" },
      { data: { message: "x" } },
      { topic: "", data: {} },
      { topic: "x".repeat(201), data: {} },
      { topic: "system.alert", data: [] },
      { topic: "system.alert", data: null },
      { topic: 7, data: {} },
      [],
      null,
      "system.alert",
    ];
    for (const item of cases) {
      const r = validatePublishItem(item, 3);
      const ref = reference(item);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        const expected: string[] = ref.ok ? [] : ref.paths;
        expect(r.issues.map((i) => i.path.join("."))).toEqual(expected);
        expect(r.issues.every((i) => i.index === 3)).toBe(true);
      }
    }
  });

  it("resolves a repeated topic the same way each time (cached) and still refuses unknown ones", () => {
    for (let i = 0; i < 3; i++) {
      const ok = validatePublishItem({
        topic: "strategy.RSI.signal",
        data: { strategy_name: "RSI", action: "BUY", price: 1, confidence: 0.5 },
      });
      expect(ok).toEqual({
        ok: true,
        value: {
          type: "signal",
          topic: "strategy.RSI.signal",
          data: { strategy_name: "RSI", action: "BUY", price: 1, confidence: 0.5 },
        },
      });
      const unknown = validatePublishItem({ topic: "nope.topic", data: {} });
      expect(unknown.ok).toBe(false);
    }
  });
});
