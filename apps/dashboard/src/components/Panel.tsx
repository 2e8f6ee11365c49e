/**
 * The frame every event panel shares: a titled card (a region named by its heading) with a
 * count and a body, usually a keyboard-scrollable newest-first list or table. Items are keyed by
 * seq, so only a newly added item mounts and plays the slide-in animation.
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

/** Id of a panel's heading, which names the panel and its list or table. */
export const panelTitleId = (id: string) => `${id}-title`;

export function Panel({ id, title, testId, count, empty, children }: PanelProps) {
  return (
    <section class="card panel" data-testid={testId} aria-labelledby={panelTitleId(id)}>
      <header class="panel-head">
        <h2 id={panelTitleId(id)}>{title}</h2>
        <span class="panel-count">
          {count}
          <span class="visually-hidden"> shown</span>
        </span>
      </header>
      {count === 0 ? <p class="panel-empty">{empty}</p> : children}
    </section>
  );
}

export interface FieldProps {
  label: string;
  /** As shown: `$42,350.50`. */
  value: string;
  /** As a screen reader should say it, when that differs: `42,350.50 US dollars`. */
  spoken?: string;
  tone?: string;
}

/** A labelled value inside an event item: `Price $42,350.50`. */
export function Field({ label, value, spoken, tone }: FieldProps) {
  const cls = tone ? `field-value ${tone}` : "field-value";
  return (
    <span class="field">
      <span class="field-label">{label}</span>{" "}
      {spoken === undefined ? (
        <span class={cls}>{value}</span>
      ) : (
        <>
          <span class={cls} aria-hidden="true">
            {value}
          </span>
          <span class="visually-hidden">{spoken}</span>
        </>
      )}{" "}
    </span>
  );
}
