/**
 * One delivery attempt: POST the body, signed, with the event's `<epoch>:<seq>` as its idempotency
 * id, within the endpoint's timeout; redirects are not followed. The answer decides what next:
 * 2xx delivered; timeouts, network errors, 5xx, 408, 425 and 429 are retried; any other answer
 * (a 3xx, a 4xx: the receiver refused this request) drops the delivery.
 */
import { signatureHeader } from "./signature.ts";

export type AttemptOutcome =
  | { kind: "delivered"; status: number }
  | { kind: "retry"; error: string }
  | { kind: "drop"; error: string };

export interface AttemptRequest {
  url: string;
  secret: string;
  body: string;
  /** `<epoch>:<seq>`. */
  deliveryId: string;
  seq: number;
  endpointId: string;
  timeoutMs: number;
}

const RETRY_STATUS = new Set([408, 425, 429]);

export function classify(status: number): AttemptOutcome {
  if (status >= 200 && status < 300) return { kind: "delivered", status };
  if (status >= 500 || RETRY_STATUS.has(status)) return { kind: "retry", error: `HTTP ${status}` };
  return {
    kind: "drop",
    error: `HTTP ${status}${status >= 300 && status < 400 ? " (redirects are not followed)" : ""}`,
  };
}

export async function attemptDelivery(
  r: AttemptRequest,
  fetchFn: typeof fetch,
  nowMs: () => number,
  /** Aborts the attempt (shutdown). */
  stop?: AbortSignal,
): Promise<AttemptOutcome> {
  const timeout = AbortSignal.timeout(r.timeoutMs);
  try {
    const res = await fetchFn(r.url, {
      method: "POST",
      redirect: "manual",
      signal: stop ? AbortSignal.any([timeout, stop]) : timeout,
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "Tickerwire-Webhook/1",
        "Idempotency-Key": r.deliveryId,
        "X-Tickerwire-Seq": String(r.seq),
        "X-Tickerwire-Endpoint": r.endpointId,
        "X-Tickerwire-Signature": signatureHeader(r.secret, r.body, Math.floor(nowMs() / 1000)),
      },
      body: r.body,
    });
    // Read (and discard) the answer so the connection can be reused.
    await res.arrayBuffer().catch(() => {});
    return classify(res.status);
  } catch (e) {
    const name = e instanceof Error ? e.name : "";
    if (name === "TimeoutError" || name === "AbortError")
      return { kind: "retry", error: `timed out after ${r.timeoutMs} ms` };
    // Never the URL: fetch errors can quote it.
    const code = (e as { code?: string }).code;
    return { kind: "retry", error: code ? `network error ${code}` : "network error" };
  }
}
