/** Counts of requests, connections and messages refused by a limit, by limit (for /metrics). */
export const LIMIT_NAMES = [
  "conn_per_ip",
  "conn_rate",
  "ws_messages",
  "subscriptions",
  "publish_rate",
  "origin",
  "auth",
] as const;
export type LimitName = (typeof LIMIT_NAMES)[number];

export type LimitRejections = Record<LimitName, number>;

export function createLimitRejections(): LimitRejections {
  return Object.fromEntries(LIMIT_NAMES.map((n) => [n, 0])) as LimitRejections;
}
