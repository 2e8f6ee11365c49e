/**
 * The resume storm's events: trading signals spread over T strategies (`strategy.S00.signal` …),
 * so each client follows one strategy's share of the stream, as a dashboard follows its view.
 * Event k goes to strategy k mod T.
 */

export function strategyName(t: number): string {
  return `S${String(t).padStart(2, "0")}`;
}

export function signalTopic(t: number): string {
  return `strategy.${strategyName(t)}.signal`;
}

/** The publish body of event k (a valid signal on its strategy's topic). */
export function signalItem(k: number, topics: number): { topic: string; data: Record<string, unknown> } {
  const t = k % topics;
  return {
    topic: signalTopic(t),
    data: {
      strategy_name: strategyName(t),
      action: k % 2 ? "SELL" : "BUY",
      price: 100 + (k % 1000) / 10,
      confidence: 0.5,
    },
  };
}
