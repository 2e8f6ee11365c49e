/** Which events an endpoint gets: its topic patterns, event types and, for alerts, a minimum severity. */
import type { StoredEvent } from "@tickerwire/bus";
import { compilePatterns, type Severity } from "@tickerwire/protocol";
import type { WebhookEndpoint } from "../config/webhook-file.ts";

const RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

export type EndpointMatcher = (e: StoredEvent) => boolean;

export function compileEndpointMatcher(ep: Pick<WebhookEndpoint, "topics" | "types" | "minSeverity">): EndpointMatcher {
  const topic = compilePatterns(ep.topics);
  const types = ep.types ? new Set<string>(ep.types) : null;
  const min = ep.minSeverity === undefined ? -1 : RANK[ep.minSeverity];
  return (e) => {
    if (types && !types.has(e.type)) return false;
    if (min > 0 && e.type === "alert" && RANK[e.data.severity] < min) return false;
    return topic(e.topic);
  };
}
