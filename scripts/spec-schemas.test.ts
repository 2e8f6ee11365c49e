/**
 * The JSON Schemas in the committed documents say what zod says: protocol's examples and a set of
 * invalid payloads get the same accept/reject from an independent validator (ajv: draft-07 for
 * the AsyncAPI components, 2020-12 for the OpenAPI ones) as from the zod schema they came from.
 * The few rules JSON Schema cannot carry are listed as such (and documented in publish-items.ts).
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import * as protocol from "@tickerwire/protocol";
import * as examples from "@tickerwire/protocol/spec";
import { namedSchemas } from "@tickerwire/protocol/spec";
import Ajv from "ajv";
import Ajv2020 from "ajv/dist/2020";

const ROOT = resolve(import.meta.dir, "..");
const components = (name: string) =>
  (JSON.parse(readFileSync(join(ROOT, "docs", name), "utf8")) as { components: unknown }).components;

// `format` is not checked: zod's datetimes also emit a `pattern`, which is.
const drafts = {
  asyncapi: new Ajv({ strict: false, validateFormats: false, allErrors: true }),
  openapi: new Ajv2020({ strict: false, validateFormats: false, allErrors: true }),
};
drafts.asyncapi.addSchema({ $id: "asyncapi", components: components("asyncapi.json") });
drafts.openapi.addSchema({ $id: "openapi", components: components("openapi.json") });

const schemas = namedSchemas();

/** The zod schema of a component and both of its JSON Schema validators. */
function both(name: string) {
  const schema = schemas.get(name);
  if (!schema) throw new Error(`protocol exports no schema ${name}`);
  const validators = Object.entries(drafts).map(([doc, ajv]) => {
    const v = ajv.getSchema(`${doc}#/components/schemas/${name}`);
    if (!v) throw new Error(`${doc} has no component ${name}`);
    return [doc, v] as const;
  });
  return (value: unknown): Record<string, boolean> => ({
    zod: schema.safeParse(value).success,
    ...Object.fromEntries(validators.map(([doc, v]) => [doc, v(value) as boolean])),
  });
}

const ev = examples.EXAMPLE_EVENTS;
function example<T extends protocol.HubEvent["type"]>(type: T): protocol.EventOf<T> {
  const e = ev.find((x): x is protocol.EventOf<T> => x.type === type);
  if (!e) throw new Error(`no example ${type} event`);
  return e;
}
const signal = example("signal");
const trade = example("trade");
const alert = example("alert");
const candle = example("candle");
const [signalItem] = examples.EXAMPLE_PUBLISHES;

/** [export, payload, zod's answer]: each case must get the same answer from both JSON Schemas. */
const CASES: [string, unknown, boolean][] = [
  ...ev.map((e) => ["HubEvent", e, true] as [string, unknown, boolean]),
  ...ev.map((e) => ["ServerMessage", e, true] as [string, unknown, boolean]),
  ...Object.values(examples.EXAMPLE_CONTROL_MESSAGES).map(
    (m) => ["ServerMessage", m, true] as [string, unknown, boolean],
  ),
  ...Object.values(examples.EXAMPLE_CLIENT_MESSAGES).map(
    (m) => ["ClientMessage", m, true] as [string, unknown, boolean],
  ),
  ...examples.EXAMPLE_PUBLISHES.map((p) => ["PublishItem", p, true] as [string, unknown, boolean]),
  ["PublishBody", examples.EXAMPLE_PUBLISHES, true],
  ["PublishAccepted", examples.EXAMPLE_HTTP.publishAccepted, true],
  ["ErrorBody", examples.EXAMPLE_HTTP.invalidEvent, true],
  ["ErrorBody", examples.EXAMPLE_HTTP.rateLimited, true],
  ["HistoryPage", examples.EXAMPLE_HTTP.historyPage, true],
  ["TicketAnswer", examples.EXAMPLE_HTTP.ticket, true],
  ["HealthBody", examples.EXAMPLE_HTTP.health, true],
  // Invalid: each breaks one rule.
  ["SignalEvent", { ...signal, data: { ...signal.data, confidence: 1.5 } }, false],
  ["SignalEvent", { ...signal, data: { ...signal.data, action: "HOLD" } }, false],
  ["SignalEvent", { ...signal, data: { ...signal.data, price: -1 } }, false],
  ["SignalEvent", { ...signal, data: { ...signal.data, confidance: 0.5 } }, false],
  ["SignalEvent", { ...signal, seq: 0 }, false],
  ["SignalEvent", { ...signal, seq: 1.5 }, false],
  ["SignalEvent", { ...signal, timestamp: "yesterday" }, false],
  ["SignalEvent", { ...signal, extra: true }, false],
  ["HubEvent", { ...trade, type: "signal" }, false],
  ["HubEvent", { ...trade, type: "order" }, false],
  ["TradeEvent", { ...trade, data: { ...trade.data, trade_id: "" } }, false],
  ["AlertEvent", { ...alert, data: { ...alert.data, severity: "fatal" } }, false],
  ["AlertEvent", { ...alert, data: { message: "no kind" } }, false],
  ["CandleEvent", { ...candle, data: { ...candle.data, start: "10:30" } }, false],
  ["ClientMessage", { type: "subscribe", topics: [] }, false],
  ["ClientMessage", { type: "resume", last_seq: -1 }, false],
  ["ClientMessage", { type: "ping", t: "now" }, false],
  ["ClientMessage", { ...examples.EXAMPLE_CLIENT_MESSAGES.report, transport: "xhr" }, false],
  ["ClientMessage", { type: "hello" }, false],
  ["PublishItem", { topic: "foo.bar", data: signalItem.data }, false],
  ["PublishItem", { topic: "trade.executed", data: signalItem.data }, false],
  ["PublishItem", { topic: signalItem.topic }, false],
  ["PublishBody", [], false],
  ["PublishBody", Array.from({ length: protocol.MAX_BATCH + 1 }, () => signalItem), false],
  ["PublishAccepted", { seqs: [0], duplicate: false }, false],
  ["ErrorBody", { error: "nope", message: "x" }, false],
  ["ErrorBody", { error: "internal" }, false],
  ["HealthBody", { ...examples.EXAMPLE_HTTP.health, status: "fine" }, false],
  ["TicketAnswer", { ticket: "", expires_in: 30 }, false],
  // Open objects stay open in JSON Schema too (z.object accepts extra fields).
  ["ServerMessage", { ...examples.EXAMPLE_CONTROL_MESSAGES.heartbeat, extra: 1 }, true],
];

describe("JSON Schemas of the documents vs zod", () => {
  test.each(
    CASES.map(
      ([name, value, valid], i) => [`${i} ${name} ${valid ? "accepts" : "rejects"}`, name, value, valid] as const,
    ),
  )("%s", (_label, name, value, valid) => {
    expect(both(name)(value)).toEqual({ zod: valid, asyncapi: valid, openapi: valid });
  });

  test("what JSON Schema cannot say: zod (and the hub) reject, the JSON Schemas accept", () => {
    const lowAboveHigh = { ...candle, data: { ...candle.data, low: candle.data.high + 1 } };
    expect(both("CandleEvent")(lowAboveHigh)).toEqual({ zod: false, asyncapi: true, openapi: true });
    const badPattern = { type: "subscribe", topics: ["trade..>"] };
    expect(both("ClientMessage")(badPattern)).toEqual({ zod: false, asyncapi: true, openapi: true });
    // The topic names another strategy than the data: a documented hub-side check.
    const otherStrategy = { topic: "strategy.MACD_Divergence.signal", data: signalItem.data };
    expect(both("PublishItem")(otherStrategy)).toEqual({ zod: true, asyncapi: true, openapi: true });
    expect(protocol.validatePublishItem(otherStrategy).ok).toBe(false);
  });
});
