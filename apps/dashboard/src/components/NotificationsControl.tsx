/**
 * Browser notifications on/off (permission is asked on this button's click, never on load) and
 * the confidence threshold for signal notifications; critical alerts always notify when on.
 */
import { formatPercent } from "../lib/format.ts";
import { spokenPercent } from "../lib/spoken.ts";
import type { Notifier } from "../state/notifier.ts";

export function NotificationsControl({ notifier }: { notifier: Notifier }) {
  const permission = notifier.permission.value;
  if (permission === "unsupported") {
    return <p class="notify-note">This browser does not support notifications.</p>;
  }
  const on = notifier.active.value;
  return (
    <fieldset class="card notify">
      <legend>Notifications</legend>
      <button
        type="button"
        class="button"
        data-testid="notify-toggle"
        onClick={() => void notifier.setWanted(!on)}
        disabled={permission === "denied"}
      >
        {on ? "Disable notifications" : "Enable notifications"}
      </button>
      <label class="range" for="notify-threshold">
        Notify signals at confidence ≥{" "}
        <output for="notify-threshold">{formatPercent(notifier.threshold.value, 0)}</output>
      </label>
      <input
        id="notify-threshold"
        type="range"
        min="0"
        max="1"
        step="0.01"
        value={notifier.threshold.value}
        aria-valuetext={spokenPercent(notifier.threshold.value, 0)}
        onInput={(e) => notifier.setThreshold(Number(e.currentTarget.value))}
      />
      {permission === "denied" && <p class="notify-note">Notifications are blocked in the browser settings.</p>}
    </fieldset>
  );
}
