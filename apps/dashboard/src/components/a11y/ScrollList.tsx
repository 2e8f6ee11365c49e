/**
 * A newest-first list that scrolls inside its panel and that the keyboard reaches: Tab stops on
 * it (tabindex=0), arrows and PageUp/PageDown scroll it, and it is named by its panel's heading,
 * so a screen reader says "Live signals, list, 30 items". Without the tab stop only Chromium
 * lets the keyboard into a scroller that holds nothing focusable.
 */
import type { ComponentChildren } from "preact";

export interface ScrollListProps {
  /** Id of the heading that names the list. */
  labelledBy: string;
  class?: string;
  children: ComponentChildren;
}

export function ScrollList({ labelledBy, class: cls, children }: ScrollListProps) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scroll container must be reachable by keyboard (WCAG 2.1.1)
    <ol class={`scroll-region${cls ? ` ${cls}` : ""}`} tabIndex={0} aria-labelledby={labelledBy}>
      {children}
    </ol>
  );
}
