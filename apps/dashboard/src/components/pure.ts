/**
 * `pure(Item)`: a component that re-renders only when one of its props changed (by identity).
 * Panel items are immutable (keyed by seq), so a list refresh renders only the new items. This
 * is compat's `memo` without importing preact/compat, which would also rewrite `onChange`.
 * Not for components that read signals: their signal-driven updates go through
 * shouldComponentUpdate too, and would be refused.
 */
import { Component, type ComponentChildren, type FunctionComponent } from "preact";

export function pure<P extends object>(render: (props: P) => ComponentChildren): FunctionComponent<P> {
  class Pure extends Component<P> {
    override shouldComponentUpdate(next: P): boolean {
      const prev = this.props as Record<string, unknown>;
      const keys = Object.keys(next) as (keyof P & string)[];
      return keys.length !== Object.keys(prev).length || keys.some((k) => next[k] !== prev[k]);
    }
    override render(props: P): ComponentChildren {
      return render(props);
    }
  }
  Object.defineProperty(Pure, "name", { value: render.name || "Pure" });
  return Pure as unknown as FunctionComponent<P>;
}
