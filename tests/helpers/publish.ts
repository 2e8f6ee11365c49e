/**
 * HTTP side of the hub for tests: publish (`POST /api/v1/events`), history, health. Bodies are
 * returned parsed but loosely typed: these are HTTP answers, not wire messages of the protocol.
 */

export interface HttpAnswer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export interface PublishAnswer {
  seqs?: number[];
  duplicate?: boolean;
  error?: string;
  message?: string;
  issues?: { index?: number; path: (string | number)[]; message: string }[];
}

async function answer<T>(res: Response): Promise<HttpAnswer<T>> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // keep the text: an HTML or plain error page is worth seeing in the failure message
  }
  return { status: res.status, headers: res.headers, body: body as T };
}

export interface PublishOptions {
  idempotencyKey?: string;
  /** Extra request headers (e.g. `Authorization`). */
  headers?: Record<string, string>;
}

/** POSTs one item or a batch (`{topic, data}`); resolves with the status and the parsed answer. */
export async function publish(
  baseUrl: string,
  items: unknown,
  options: PublishOptions = {},
): Promise<HttpAnswer<PublishAnswer>> {
  const headers: Record<string, string> = { "Content-Type": "application/json", ...options.headers };
  if (options.idempotencyKey) headers["Idempotency-Key"] = options.idempotencyKey;
  return postRaw(baseUrl, JSON.stringify(items), headers);
}

/** Publishes and insists on 202; resolves with the assigned seqs. */
export async function publishOk(baseUrl: string, items: unknown, options: PublishOptions = {}): Promise<number[]> {
  const r = await publish(baseUrl, items, options);
  if (r.status !== 202 || !Array.isArray(r.body.seqs)) {
    throw new Error(`publish answered ${r.status}: ${JSON.stringify(r.body).slice(0, 500)}`);
  }
  return r.body.seqs;
}

/** POSTs a body exactly as given (invalid JSON, wrong content type...). */
export async function postRaw(
  baseUrl: string,
  body: string,
  headers: Record<string, string> = { "Content-Type": "application/json" },
): Promise<HttpAnswer<PublishAnswer>> {
  return answer(await fetch(new URL("/api/v1/events", baseUrl), { method: "POST", body, headers }));
}

export interface HistoryAnswer {
  events: { seq: number; topic: string; type: string; data: Record<string, unknown> }[];
  truncated: boolean;
  has_more: boolean;
  next_since: number;
  epoch: string;
  current_seq: number;
}

/** `GET /api/v1/events?since=&topics=&limit=`. */
export async function history(
  baseUrl: string,
  query: { since?: number; topics?: string[]; limit?: number } = {},
): Promise<HttpAnswer<HistoryAnswer>> {
  const url = new URL("/api/v1/events", baseUrl);
  if (query.since !== undefined) url.searchParams.set("since", String(query.since));
  if (query.topics) url.searchParams.set("topics", query.topics.join(","));
  if (query.limit !== undefined) url.searchParams.set("limit", String(query.limit));
  return answer(await fetch(url));
}

export interface HealthAnswer {
  status: string;
  engine: string;
  epoch: string;
  current_seq: number;
  oldest_seq: number;
  history_size: number;
  clients: { ws: number; sse: number };
  subscribers: Record<string, number>;
}

export async function health(baseUrl: string): Promise<HttpAnswer<HealthAnswer>> {
  return answer(await fetch(new URL("/api/v1/health", baseUrl)));
}
