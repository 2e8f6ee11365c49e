/**
 * The engines strip: every publishing engine the hub watches, up or stale (in words and colour),
 * when it was last seen and how many events per second it sends. Hidden while there are none.
 */
import type { ReadonlySignal } from "@preact/signals";
import type { EngineStatus } from "@tickerwire/protocol";
import { formatAgo } from "../lib/format.ts";
import type { WatchModel } from "../state/watch-status.ts";

export function EnginesStrip({ watch, now }: { watch: WatchModel; now: ReadonlySignal<number> }) {
  const engines = watch.status.value?.engines ?? [];
  if (engines.length === 0) return null;
  return (
    <section class="engines card" aria-label="Engines" data-testid="engines-strip">
      <h2 class="engines-title">Engines</h2>
      <ul class="engines-list">
        {engines.map((e) => (
          <EngineChip key={e.engine} e={e} now={now.value} />
        ))}
      </ul>
    </section>
  );
}

function EngineChip({ e, now }: { e: EngineStatus; now: number }) {
  const watched = e.grace_s !== null ? `stale after ${e.grace_s} s of silence` : "not watched (no interval)";
  return (
    <li
      class={`engine engine--${e.state}`}
      data-testid="engine"
      data-engine={e.engine}
      data-state={e.state}
      title={watched}
    >
      <span class="engine-dot" aria-hidden="true" />
      <span class="engine-name">{e.engine}</span> <span class="engine-state">{e.state === "up" ? "up" : "STALE"}</span>{" "}
      <span class="engine-seen">last seen {formatAgo(Date.parse(e.last_seen), now)}</span>{" "}
      <span class="engine-rate">{e.events_per_s.toFixed(1)} ev/s</span>
    </li>
  );
}
