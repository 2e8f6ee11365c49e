/** `GET /metrics`: the Prometheus text exposition. */
import type { ServerMetrics } from "../metrics/metrics.ts";

export function createMetricsHandler(metrics: ServerMetrics) {
  return async (): Promise<Response> =>
    new Response(await metrics.text(), {
      headers: { "Content-Type": metrics.contentType, "Cache-Control": "no-store" },
    });
}
