/**
 * One batch to `POST /api/v1/events`, retried until the hub accepts it. Every attempt sends the
 * same body with the same Idempotency-Key, so a batch the hub accepted but whose answer was lost
 * is published once. Network errors, timeouts, 408/429 and 5xx are retried with exponential
 * backoff and full jitter; any other 4xx throws a PublishRejectedError at once.
 */
import { type BackoffCurve, backoffDelay } from "@tickerwire/client";
import { ErrorBody, PublishAccepted } from "@tickerwire/protocol";
import { PublisherClosedError, PublishGaveUpError, PublishRejectedError } from "./errors.ts";
import { classifyStatus } from "./retry-policy.ts";

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface RetryInfo {
  key: string;
  /** 1 for the first retry. */
  attempt: number;
  delayMs: number;
  reason: string;
}

export interface PostOptions {
  endpoint: string;
  fetch: FetchLike;
  maxAttempts: number;
  backoff: BackoffCurve;
  requestTimeoutMs: number;
  random: () => number;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Aborts the request or backoff in progress (PublisherClosedError). */
  signal: AbortSignal;
  onRetry: (info: RetryInfo) => void;
  /** Sent as `X-Engine-Id` (the hub's engine liveness watch). */
  engineId?: string;
}

export interface Accepted {
  seqs: number[];
  /** The hub had seen the key already. */
  duplicate: boolean;
  attempts: number;
}

export async function postBatch(o: PostOptions, key: string, body: string): Promise<Accepted> {
  for (let attempt = 0; ; attempt++) {
    let reason: string;
    try {
      const res = await o.fetch(o.endpoint, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "idempotency-key": key,
          ...(o.engineId ? { "x-engine-id": o.engineId } : {}),
        },
        body,
        signal: AbortSignal.any([o.signal, AbortSignal.timeout(o.requestTimeoutMs)]),
      });
      const verdict = classifyStatus(res.status);
      const text = await res.text().catch(() => "");
      if (verdict === "ok") return { ...accepted(res.status, text), attempts: attempt + 1 };
      if (verdict === "fatal") throw rejection(res.status, text);
      reason = `HTTP ${res.status} ${text.slice(0, 200)}`.trim();
    } catch (e) {
      if (e instanceof PublishRejectedError) throw e;
      if (o.signal.aborted) throw new PublisherClosedError("publisher aborted");
      reason = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    }
    if (attempt + 1 >= o.maxAttempts) throw new PublishGaveUpError(attempt + 1, reason);
    const delayMs = backoffDelay(attempt, o.backoff, o.random);
    o.onRetry({ key, attempt: attempt + 1, delayMs, reason });
    await o.sleep(delayMs, o.signal);
    if (o.signal.aborted) throw new PublisherClosedError("publisher aborted");
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The 2xx answer, protocol's `PublishAccepted`. Anything else is not a hub speaking this protocol
 * (a proxy's page, another version): the batch's fate is unknown, and retrying would not tell.
 */
function accepted(status: number, text: string): Omit<Accepted, "attempts"> {
  const r = PublishAccepted.safeParse(safeJson(text));
  if (r.success) return r.data;
  const why = r.error.issues[0];
  throw new PublishRejectedError(
    status,
    undefined,
    `hub answered HTTP ${status} with an unexpected body (${why?.path.join(".") || "body"}: ${why?.message}): ${text.slice(0, 200) || "(no body)"}`,
  );
}

/** A 4xx answer as an error that says what the hub objected to (protocol's `ErrorBody`, when it is one). */
function rejection(status: number, text: string): PublishRejectedError {
  const r = ErrorBody.safeParse(safeJson(text));
  const body = r.success ? r.data : undefined;
  const detail = body?.message ?? (text.slice(0, 300) || "(no body)");
  return new PublishRejectedError(
    status,
    body?.error,
    `hub rejected the batch: HTTP ${status}${body ? ` ${body.error}` : ""}: ${detail}`,
    body?.issues?.slice(0, 20) ?? [],
  );
}
