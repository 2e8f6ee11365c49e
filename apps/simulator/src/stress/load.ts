/**
 * What the stress test publishes and who listens to what. Three of every four events are
 * `system.alert`s padded to the requested payload size; the fourth is a signal of the "Stress"
 * strategy. Clients are spread over three subscriptions so the hub's topic routing is checked too.
 */
import type { PublishableEvent } from "@tickerwire/protocol";
import { TOPICS } from "@tickerwire/protocol";

/** Message and reason of an alert are at most 2,000 characters each. */
export const MAX_PAYLOAD = 4_000;

export const STRESS_STRATEGY = "Stress";

export const SUBSCRIPTIONS: readonly (readonly string[])[] = [
  [TOPICS.systemAlert, TOPICS.signal(STRESS_STRATEGY)],
  [TOPICS.systemAlert],
  ["strategy.*.signal"],
];

export function subscriptionFor(clientIndex: number): readonly string[] {
  return SUBSCRIPTIONS[clientIndex % SUBSCRIPTIONS.length] as readonly string[];
}

/** Event number `k` of run `runId`, about `payload` bytes of `{topic, data}` JSON (alerts). */
export function stressEvent(k: number, runId: string, payload: number): PublishableEvent {
  if (k % 4 === 3) {
    return {
      type: "signal",
      topic: TOPICS.signal(STRESS_STRATEGY),
      data: {
        strategy_name: STRESS_STRATEGY,
        action: k % 8 === 3 ? "BUY" : "SELL",
        price: 100 + (k % 1000) / 10,
        confidence: (k % 100) / 100,
        symbol: "STRESS",
      },
    };
  }
  const message = `stress ${runId} #${k}`;
  const base = { message, severity: "info" as const, kind: "system" as const };
  const size = JSON.stringify({ topic: TOPICS.systemAlert, data: base }).length;
  const pad = payload - size - ',"reason":""'.length;
  const data = pad > 0 ? { ...base, reason: "x".repeat(Math.min(pad, 2_000)) } : base;
  return { type: "alert", topic: TOPICS.systemAlert, data };
}

/** How many events should have been produced `elapsedMs` into a run at `rate` per second. */
export function dueEvents(rate: number, elapsedMs: number): number {
  return Math.floor((rate * Math.max(0, elapsedMs)) / 1000);
}
