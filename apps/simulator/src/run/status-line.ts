/** The one-line status the CLI prints every few seconds. */
import type { PublisherStats } from "../publish/http-publisher.ts";
import type { SimulatorStatus } from "./simulator.ts";

const clockTime = (ms: number) => new Date(ms).toISOString().slice(11, 16);

export function formatStatus(s: SimulatorStatus, p?: PublisherStats): string {
  const e = s.engine;
  const parts = [
    `t+${Math.round(s.elapsedMs / 1000)}s`,
    `sim ${clockTime(s.simTime)}`,
    `${s.events} events (${s.eventsPerSec.toFixed(1)}/s)`,
    `candles ${e.candles}`,
    `signals ${e.signals}`,
    `trades ${e.closed} closed / ${e.openPositions} open`,
    `promoted ${e.promotions} rolled back ${e.rollbacks}`,
  ];
  if (p) {
    parts.push(`hub: ${p.state}${p.lastSeq > 0 ? ` seq ${p.lastSeq}` : ""}`);
    if (p.queued > 0) parts.push(`queued ${p.queued}`);
    if (p.retries > 0) parts.push(`retries ${p.retries}`);
    if (p.state === "retrying" && p.lastError) parts.push(`(${p.lastError.slice(0, 80)})`);
  }
  if (s.lagResets > 0) parts.push(`fell behind ${s.lagResets}×`);
  return parts.join(" | ");
}
