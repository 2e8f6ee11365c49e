/**
 * Who the stress clients are and which worker process runs each: N WebSocket and M SSE clients,
 * K of them slow (split between the transports in proportion), spread over the subscriptions,
 * then dealt round-robin to the workers so each gets the same mix.
 */

import type { TransportKind } from "@tickerwire/protocol";
import { subscriptionFor } from "./load.ts";

export interface ClientPlan {
  transport: TransportKind;
  slow: boolean;
  patterns: readonly string[];
}

export function planClients(a: { ws: number; sse: number; slow: number }): ClientPlan[] {
  const slowWs = Math.round((a.slow * a.ws) / Math.max(1, a.ws + a.sse));
  const kinds = [
    ...Array.from({ length: a.ws }, (_, i) => ({ transport: "ws" as const, slow: i < slowWs })),
    ...Array.from({ length: a.sse }, (_, i) => ({ transport: "sse" as const, slow: i < a.slow - slowWs })),
  ];
  return kinds.map((k, i) => ({ ...k, patterns: subscriptionFor(i) }));
}

/** Client i goes to worker i mod `workers`; workers with no client are left out. */
export function splitPlan<T>(plan: readonly T[], workers: number): T[][] {
  const parts: T[][] = Array.from({ length: Math.max(1, workers) }, () => []);
  for (const [i, p] of plan.entries()) parts[i % parts.length]?.push(p);
  return parts.filter((p) => p.length > 0);
}
