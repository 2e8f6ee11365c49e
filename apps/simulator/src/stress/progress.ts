/** The live progress line of a stress run. */

export interface ProgressSnapshot {
  phase: "connecting" | "publishing" | "draining";
  elapsedS: number;
  connected: number;
  clients: number;
  acked: number;
  queued: number;
  deliveriesPerSec: number;
  p99: number;
  reconnects: number;
  hubState: string;
}

const k = (n: number) => (n >= 10_000 ? `${(n / 1000).toFixed(1)}k` : String(Math.round(n)));

export function formatProgress(p: ProgressSnapshot): string {
  return [
    `${p.phase} ${p.elapsedS.toFixed(0)}s`,
    `clients ${p.connected}/${p.clients}`,
    `acked ${p.acked}${p.queued > 0 ? ` (+${p.queued} queued)` : ""}`,
    `deliveries ${k(p.deliveriesPerSec)}/s`,
    `p99 ${p.p99} ms`,
    `reconnects ${p.reconnects}`,
    `hub ${p.hubState}`,
  ].join(" | ");
}
