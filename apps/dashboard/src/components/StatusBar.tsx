/**
 * Connection status: a coloured dot and words for the state, the transport in words, live
 * latency (what it measures shows on hover and on keyboard focus, and is its description for
 * screen readers), time since the last event, the current seq, and the last error in words.
 * Nothing here is a live region: state changes are announced, rate-limited, through the
 * session's status announcer (App renders its region); the numbers that change every second
 * never are.
 */
import type { ReadonlySignal } from "@preact/signals";
import { formatAgo, formatLatency } from "../lib/format.ts";
import { type ConnectionModel, latencyWords, statusWords, transportWords } from "../state/connection.ts";
import { Tip } from "./a11y/Tip.tsx";

export interface StatusBarProps {
  connection: ConnectionModel;
  lastError?: ReadonlySignal<string | null>;
}

export function StatusBar({ connection: c, lastError }: StatusBarProps) {
  const state = c.state.value;
  const tip = latencyWords(c.latencySource.value);
  const error = lastError?.value;
  return (
    <div class="status-bar">
      <span class={`status-dot status-dot--${state}`} aria-hidden="true" />
      <span class="status-words" data-testid="status" data-state={state}>
        {statusWords(state)}
      </span>
      <span class="status-field">
        <span class="status-label">via</span> <span data-testid="transport">{transportWords(c.transport.value)}</span>
      </span>
      <Tip tip={tip} tipId="latency-tip" class="status-field" testId="latency-field">
        <span class="status-label">latency</span> <span data-testid="latency">{formatLatency(c.latencyMs.value)}</span>
      </Tip>
      <span class="status-field">
        <span class="status-label">last event</span>{" "}
        <span data-testid="last-event">{formatAgo(c.lastEventAt.value, c.now.value)}</span>
      </span>
      <span class="status-field">
        <span class="status-label">seq</span> <span data-testid="last-seq">{c.lastSeq.value}</span>
      </span>
      {error && (
        <span class="status-error" data-testid="status-error">
          {error}
        </span>
      )}
    </div>
  );
}
