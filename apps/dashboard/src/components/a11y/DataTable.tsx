/**
 * An accessible data table inside a keyboard-scrollable wrapper: a caption (visually hidden
 * when a heading already shows the name), column headers with `scope="col"`, numeric columns
 * right-aligned, and rows whose first cell is a row header (`<RowHeader>`), so a screen reader
 * says "Volume_Spike, P&L, minus 12.00 US dollars". The wrapper is named and has a tab
 * stop, so arrows scroll a table wider or taller than its panel. It is a group, not a region:
 * the panel around it is already the region of that name.
 */
import type { ComponentChildren } from "preact";

export interface Column {
  /** Header text, in full words. */
  header: string;
  /** Right-aligned numbers. */
  numeric?: boolean;
}

export interface DataTableProps {
  /** Id of the visible heading that names the table (and its scroll region). */
  labelledBy: string;
  /** The table's name for its caption (a screen reader's table list); visually hidden. */
  caption: string;
  columns: readonly Column[];
  class?: string;
  /** `<tr>` rows, each opening with a `<RowHeader>`. */
  children: ComponentChildren;
}

export function DataTable({ labelledBy, caption, columns, class: cls, children }: DataTableProps) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scroll container must be reachable by keyboard (WCAG 2.1.1)
    // biome-ignore lint/a11y/useSemanticElements: a named scroll wrapper, not a form fieldset
    <div class="table-scroll scroll-region" tabIndex={0} role="group" aria-labelledby={labelledBy}>
      <table class={`data-table${cls ? ` ${cls}` : ""}`}>
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.header} scope="col" class={c.numeric ? "num" : undefined}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** The first cell of a row: names the row for every other cell. */
export function RowHeader({ children }: { children: ComponentChildren }) {
  return <th scope="row">{children}</th>;
}

/** A right-aligned numeric cell; `tone` is `positive`/`negative` for signed figures. */
export function NumCell({ tone, children }: { tone?: string; children: ComponentChildren }) {
  return <td class={tone ? `num ${tone}` : "num"}>{children}</td>;
}
