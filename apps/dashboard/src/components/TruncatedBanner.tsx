/** Shown when a resume could not replay all of the history (`replayed.truncated`); dismissible. */
import type { Signal } from "@preact/signals";

export function TruncatedBanner({ truncated }: { truncated: Signal<boolean> }) {
  if (!truncated.value) return null;
  return (
    <div class="banner banner--warning" role="alert" data-testid="truncated-banner">
      <span>History was truncated: some older events are not shown</span>
      <button
        type="button"
        class="button button--small"
        onClick={() => {
          truncated.value = false;
        }}
      >
        Dismiss
      </button>
    </div>
  );
}
