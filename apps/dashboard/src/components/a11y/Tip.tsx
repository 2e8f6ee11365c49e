/**
 * A figure with an explanation that the mouse, the keyboard and screen readers all reach: the
 * explanation shows on hover and on keyboard focus (a tab stop; CSS `.has-tip`, no script) and is
 * the element's accessible description. A `title` tooltip would be mouse-only.
 */
import type { ComponentChildren } from "preact";

export interface TipProps {
  tip: string;
  /** Id for the hidden description; unique on the page. */
  tipId: string;
  class?: string;
  testId?: string;
  children: ComponentChildren;
}

export function Tip({ tip, tipId, class: cls, testId, children }: TipProps) {
  const c = cls ? `has-tip ${cls}` : "has-tip";
  const field = (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: the explanation must open from the keyboard too (WCAG 1.4.13)
    <span class={c} data-tip={tip} tabIndex={0} aria-describedby={tipId} data-testid={testId}>
      {children}
    </span>
  );
  return (
    <>
      {field}
      <span id={tipId} class="visually-hidden">
        {tip}
      </span>
    </>
  );
}
