/**
 * Filter controls: strategies, event types and a minimum signal confidence. Applied on the hub
 * (client.setFilter) and written to the URL so the view can be shared. The slider applies on
 * release (`change`), not on every step of a drag, to avoid a resubscribe per pixel; from the
 * keyboard each arrow press is one `change`. Everything is a native control: Tab, Space, arrows.
 */
import type { ReadonlySignal } from "@preact/signals";
import { EVENT_TYPES, type EventType, type Filter, STRATEGIES } from "@tickerwire/protocol";
import { useState } from "preact/hooks";
import { formatPercent } from "../lib/format.ts";
import { spokenPercent } from "../lib/spoken.ts";

export const TYPE_LABELS: Record<EventType, string> = {
  signal: "Signals",
  trade: "Executions",
  trade_closed: "Closures",
  metrics: "Metrics",
  alert: "Alerts",
  candle: "Candles",
};

export interface FiltersBarProps {
  filter: ReadonlySignal<Filter | undefined>;
  /** Strategy names to offer; the original five by default. */
  strategies?: ReadonlySignal<readonly string[]>;
  onChange: (filter: Filter | undefined) => void;
}

function toggle<T>(list: readonly T[] | undefined, item: T, on: boolean): T[] {
  const rest = (list ?? []).filter((x) => x !== item);
  return on ? [...rest, item] : rest;
}

export function FiltersBar({ filter, strategies: known, onChange }: FiltersBarProps) {
  const f = filter.value ?? {};
  const strategies = [...new Set([...(known?.value ?? STRATEGIES), ...(f.strategies ?? [])])];
  const [dragging, setDragging] = useState<number | null>(null);
  const minc = dragging ?? f.min_confidence ?? 0;
  const update = (patch: Partial<Filter>) => onChange({ ...f, ...patch });

  return (
    <form class="card filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
      <fieldset>
        <legend>Strategies</legend>
        {strategies.map((s) => (
          <label key={s} class="check">
            <input
              type="checkbox"
              name="strategies"
              value={s}
              checked={f.strategies?.includes(s) ?? false}
              onChange={(e) => update({ strategies: toggle(f.strategies, s, e.currentTarget.checked) })}
            />{" "}
            {s}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Event types</legend>
        {EVENT_TYPES.map((t) => (
          <label key={t} class="check">
            <input
              type="checkbox"
              name="types"
              value={t}
              checked={f.types?.includes(t) ?? false}
              onChange={(e) => update({ types: toggle(f.types, t, e.currentTarget.checked) })}
            />{" "}
            {TYPE_LABELS[t]}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Signals</legend>
        <label class="range" for="min-confidence">
          Min confidence <output for="min-confidence">{formatPercent(minc, 0)}</output>
        </label>
        <input
          id="min-confidence"
          data-testid="min-confidence"
          type="range"
          min="0"
          max="1"
          step="0.05"
          value={minc}
          aria-valuetext={spokenPercent(minc, 0)}
          onInput={(e) => setDragging(Number(e.currentTarget.value))}
          onChange={(e) => {
            setDragging(null);
            update({ min_confidence: Number(e.currentTarget.value) });
          }}
        />
      </fieldset>
      <p class="filters-hint">No box ticked means all of them.</p>
      <button type="button" class="button" onClick={() => onChange(undefined)} disabled={!filter.value}>
        Clear filters
      </button>
    </form>
  );
}
