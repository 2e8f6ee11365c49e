/**
 * Connection status: a coloured dot and words for the state, the transport in words, live
 * latency (its tooltip says what it measures), time since the last event and the current seq.
 * Only the state words are announced (aria-live), not the numbers that change every second.
 */
import type { ReadonlySignal } from "@preact/signals";
import { formatAgo, formatLatency } from "../lib/format.ts";
import { type ConnectionModel, latencyWords, statusWords, transportWords } from "../state/connection.ts";

export interface StatusBarProps {
  connection: ConnectionModel;
  lastError?: ReadonlySignal<string | null>;
}

export function StatusBar({ connection: c, lastError }: StatusBarProps) {
  const state = c.state.value;
  return (
    <div class="status-bar" title={lastError?.value ?? undefined}>
      <span class={`status-dot status-dot--${state}`} aria-hidden="true" />
      <span class="status-words" data-testid="status" data-state={state} role="status" aria-live="polite">
        {statusWords(state)}
      </span>
      <span class="status-field">
        <span class="status-label">via</span> <span data-testid="transport">{transportWords(c.transport.value)}</span>
      </span>
      <span class="status-field has-tip" title={latencyWords(c.latencySource.value)} data-testid="latency-field">
        <span class="status-label">latency</span> <span data-testid="latency">{formatLatency(c.latencyMs.value)}</span>
      </span>
      <span class="status-field">
        <span class="status-label">last event</span>{" "}
        <span data-testid="last-event">{formatAgo(c.lastEventAt.value, c.now.value)}</span>
      </span>
      <span class="status-field">
        <span class="status-label">seq</span> <span data-testid="last-seq">{c.lastSeq.value}</span>
      </span>
    </div>
  );
}
