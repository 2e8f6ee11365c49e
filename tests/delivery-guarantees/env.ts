/**
 * Environment for the delivery-guarantee e2e hubs: these tests open many connections and publish
 * fast from one IP, so the per-IP connection and rate limits (and auth) are switched off; unknown
 * variables are ignored by servers that do not have them.
 */
export const UNLIMITED_ENV: Record<string, string> = {
  AUTH: "off",
  MAX_CONN_PER_IP: "0",
  CONN_RATE_PER_IP: "0",
  WS_MSG_RATE: "0",
  PUBLISH_RATE: "0",
  LOG_LEVEL: "warn",
};
