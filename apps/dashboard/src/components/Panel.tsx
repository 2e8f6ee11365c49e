/**
 * The frame every event panel shares: a titled card with a count and a newest-first list.
 * Items are keyed by seq, so only a newly added item mounts and plays the slide-in animation.
 */
import type { ComponentChildren } from "preact";

export interface PanelProps {
  id: string;
  title: string;
  testId: string;
  count: number;
  empty: string;
  children: ComponentChildren;
}

export function Panel({ id, title, testId, count, empty, children }: PanelProps) {
  return (
    <section class="card panel" data-testid={testId} aria-labelledby={`${id}-title`}>
      <header class="panel-head">
        <h2 id={`${id}-title`}>{title}</h2>
        <span class="panel-count">
          {count}
          <span class="sr-only"> shown</span>
        </span>
      </header>
      {count === 0 ? <p class="panel-empty">{empty}</p> : children}
    </section>
  );
}

/** A labelled value inside an event item: `Price $42,350.50`. */
export function Field({ label, value, tone }: { label: string; value: string; tone?: string }) {
  return (
    <span class="field">
      <span class="field-label">{label}</span> <span class={tone ? `field-value ${tone}` : "field-value"}>
        {value}
      </span>{" "}
    </span>
  );
}
