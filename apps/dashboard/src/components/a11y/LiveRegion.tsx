/**
 * The live region an Announcer speaks through: visually hidden, present from the first render
 * (so its first message is announced), `role="alert"` for assertive channels and
 * `role="status"` for polite ones, atomic so the whole message is read.
 */
import type { Announcer } from "../../state/announcer.ts";

export function LiveRegion({ announcer, testId }: { announcer: Announcer; testId?: string }) {
  const assertive = announcer.politeness === "assertive";
  return (
    <div
      class="visually-hidden"
      role={assertive ? "alert" : "status"}
      aria-live={announcer.politeness}
      aria-atomic="true"
      data-testid={testId}
    >
      {announcer.message.value}
    </div>
  );
}
