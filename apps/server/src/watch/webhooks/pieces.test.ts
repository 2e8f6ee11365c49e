import { describe, expect, it } from "bun:test";
import { stored, systemAlert, trade } from "../../../test/events.ts";
import { classify } from "./attempt.ts";
import { retryDelayMs } from "./backoff.ts";
import { compileEndpointMatcher } from "./endpoint-match.ts";
import { eventLine, webhookBody } from "./payload.ts";
import { sign, signatureHeader, verifySignature } from "./signature.ts";

describe("signatures", () => {
  const secret = "whsec-0123456789abcdef";
  const body = '{"type":"alert","seq":7}';

  it("verify with the secret inside the replay window, and only then", () => {
    const h = signatureHeader(secret, body, 1_700_000_000);
    expect(h).toBe(`t=1700000000,v1=${sign(secret, 1_700_000_000, body)}`);
    expect(verifySignature(secret, h, body, 1_700_000_100)).toEqual({ ok: true, timestampS: 1_700_000_000 });
    expect(verifySignature("another-secret-xyz", h, body, 1_700_000_100)).toEqual({ ok: false, reason: "mismatch" });
    expect(verifySignature(secret, h, `${body} `, 1_700_000_100)).toEqual({ ok: false, reason: "mismatch" });
    expect(verifySignature(secret, h, body, 1_700_000_301)).toEqual({ ok: false, reason: "expired" });
    expect(verifySignature(secret, "v1=abc", body, 1_700_000_000)).toEqual({ ok: false, reason: "malformed" });
    expect(verifySignature(secret, null, body, 1_700_000_000)).toEqual({ ok: false, reason: "malformed" });
  });

  it("match the recipe: HMAC-SHA256 of `<t>.<body>`, hex", () => {
    const hmac = new Bun.CryptoHasher("sha256", secret).update(`1700000000.${body}`).digest("hex");
    expect(sign(secret, 1_700_000_000, body)).toBe(hmac);
  });
});

describe("retries", () => {
  it("back off exponentially from 1 s to 60 s, half of it jittered", () => {
    expect(retryDelayMs(1, () => 0)).toBe(500);
    expect(retryDelayMs(1, () => 1)).toBe(1_000);
    expect(retryDelayMs(3, () => 0.5)).toBe(3_000);
    expect(retryDelayMs(20, () => 1)).toBe(60_000);
  });

  it("retry 5xx, 408, 425 and 429; drop other refusals and redirects", () => {
    expect(classify(204)).toEqual({ kind: "delivered", status: 204 });
    for (const s of [500, 502, 503, 408, 425, 429]) expect(classify(s).kind).toBe("retry");
    for (const s of [400, 401, 403, 404, 410]) expect(classify(s).kind).toBe("drop");
    expect(classify(301)).toEqual({ kind: "drop", error: "HTTP 301 (redirects are not followed)" });
  });
});

describe("endpoint filters and payloads", () => {
  const alert = (severity: "info" | "warning" | "critical") =>
    stored(5, { type: "alert", topic: "system.alert", data: { message: "m", severity, kind: "system" } });

  it("match topics, types and minimum severity (alerts only)", () => {
    const m = compileEndpointMatcher({ topics: [">"], types: undefined, minSeverity: "warning" });
    expect([m(alert("info")), m(alert("warning")), m(alert("critical")), m(stored(6, trade()))]).toEqual([
      false,
      true,
      true,
      true,
    ]);
    const t = compileEndpointMatcher({ topics: ["trade.>"], types: ["trade_closed"], minSeverity: undefined });
    expect(t(stored(6, trade()))).toBe(false);
  });

  it("send the wire JSON, or one readable line for Slack", () => {
    const e = stored(9, systemAlert("disk almost full"));
    expect(webhookBody(e, "json")).toBe(e.json);
    expect(JSON.parse(webhookBody(e, "slack"))).toEqual({ text: "[WARNING] disk almost full #9" });
    const rule = stored(10, {
      type: "alert",
      topic: "system.alert",
      data: { message: "RSI: drawdown", severity: "critical", kind: "system", rule_id: "dd", strategy_name: "RSI" },
    });
    expect(eventLine(rule)).toBe("[CRITICAL] RSI: drawdown (rule dd, RSI) #10");
  });
});
