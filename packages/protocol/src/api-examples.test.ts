import { describe, expect, it } from "bun:test";
import {
  EXAMPLE_CLIENT_MESSAGES,
  EXAMPLE_CONTROL_MESSAGES,
  EXAMPLE_EVENTS,
  EXAMPLE_HTTP,
  EXAMPLE_PUBLISHES,
} from "./api-examples.ts";
import { ClientMessage } from "./client-messages.ts";
import { decodePublish } from "./decode.ts";
import { HealthBody } from "./health.ts";
import { ErrorBody, HistoryPage, PublishAccepted, TicketAnswer } from "./http.ts";
import { SERVER_MESSAGE_SCHEMAS } from "./server-messages.ts";

describe("API examples", () => {
  it("the events are the publishes as delivered, one of every event type", () => {
    expect(EXAMPLE_EVENTS.map((e) => e.topic)).toEqual(EXAMPLE_PUBLISHES.map((p) => p.topic));
    expect(new Set(EXAMPLE_EVENTS.map((e) => e.type))).toEqual(
      new Set(["signal", "trade", "trade_closed", "metrics", "alert", "candle"]),
    );
    for (const e of EXAMPLE_EVENTS) expect(SERVER_MESSAGE_SCHEMAS[e.type].safeParse(e).success).toBe(true);
  });

  it("every control and client message example parses with its schema", () => {
    for (const [type, m] of Object.entries(EXAMPLE_CONTROL_MESSAGES)) {
      expect(SERVER_MESSAGE_SCHEMAS[type as keyof typeof SERVER_MESSAGE_SCHEMAS].safeParse(m).error).toBeUndefined();
    }
    for (const m of Object.values(EXAMPLE_CLIENT_MESSAGES)) expect(ClientMessage.safeParse(m).error).toBeUndefined();
  });

  it("every HTTP example parses with its schema", () => {
    expect(PublishAccepted.parse(EXAMPLE_HTTP.publishAccepted)).toBeDefined();
    expect(ErrorBody.parse(EXAMPLE_HTTP.rateLimited)).toBeDefined();
    expect(ErrorBody.parse(EXAMPLE_HTTP.unauthorized)).toBeDefined();
    expect(HistoryPage.parse(EXAMPLE_HTTP.historyPage)).toBeDefined();
    expect(TicketAnswer.parse(EXAMPLE_HTTP.ticket)).toBeDefined();
    expect(HealthBody.parse(EXAMPLE_HTTP.health)).toBeDefined();
  });

  it("the invalid-event example is exactly what the hub's validation answers", () => {
    const [first] = EXAMPLE_PUBLISHES;
    const r = decodePublish([first, { ...first, data: { ...first.data, confidence: 1.5 } }]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect({ error: r.error.code, message: r.error.message, issues: r.error.issues }).toEqual(
      EXAMPLE_HTTP.invalidEvent,
    );
  });
});
