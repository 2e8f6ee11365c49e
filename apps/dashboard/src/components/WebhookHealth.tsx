/**
 * Webhook health for operators: each endpoint (by id and host only), its state, backlog,
 * deliveries, drops and last error. Hidden when the hub has no webhooks configured.
 */
import type { WebhookStatus } from "@tickerwire/protocol";
import type { WatchModel } from "../state/watch-status.ts";

const STATE_WORDS: Record<WebhookStatus["state"], string> = { ok: "OK", retrying: "Retrying", failing: "FAILING" };

export function WebhookHealth({ watch }: { watch: WatchModel }) {
  const hooks = watch.status.value?.webhooks ?? [];
  if (hooks.length === 0) return null;
  return (
    <section class="card panel webhooks" data-testid="webhook-health" aria-labelledby="webhooks-title">
      <header class="panel-head">
        <h2 id="webhooks-title">Webhooks</h2>
      </header>
      <div class="table-scroll">
        <table class="metrics-table webhooks-table">
          <thead>
            <tr>
              <th scope="col">Endpoint</th>
              <th scope="col">State</th>
              <th scope="col">Backlog</th>
              <th scope="col">Delivered</th>
              <th scope="col">Dropped</th>
              <th scope="col">Last error</th>
            </tr>
          </thead>
          <tbody>
            {hooks.map((h) => (
              <tr key={h.id} data-testid="webhook" data-state={h.state}>
                <th scope="row" title={h.target}>
                  {h.id} <span class="webhook-target">{h.target}</span>
                </th>
                <td class={`webhook-state webhook-state--${h.state}`}>{STATE_WORDS[h.state]}</td>
                <td>{h.backlog}</td>
                <td>{h.delivered}</td>
                <td>{h.dropped}</td>
                <td class="webhook-error">{h.last_error ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
