/**
 * The filter and notification controls. On a wide screen they are simply shown; on a phone
 * (styles/desk.css) they fold behind one button that says which filter is on, so the status,
 * the P&L summary and the positions fill the first screen. The button is a disclosure
 * (aria-expanded, aria-controls); on a wide screen it is not displayed at all.
 */
import type { ReadonlySignal } from "@preact/signals";
import type { Filter } from "@tickerwire/protocol";
import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { filterWords } from "./filter-words.ts";

export interface ViewControlsProps {
  filter: ReadonlySignal<Filter | undefined>;
  children: ComponentChildren;
}

export function ViewControls({ filter, children }: ViewControlsProps) {
  const [open, setOpen] = useState(false);
  return (
    <section class={open ? "controls is-open" : "controls"} aria-label="Filters and notifications">
      <button
        type="button"
        class="button controls-toggle"
        aria-expanded={open}
        aria-controls="controls-body"
        data-testid="controls-toggle"
        onClick={() => setOpen(!open)}
      >
        <span class="controls-toggle-title">Filters and notifications</span>{" "}
        <span class="controls-toggle-state">{filterWords(filter.value)}</span>
      </button>
      <div id="controls-body" class="controls-body">
        {children}
      </div>
    </section>
  );
}
