/**
 * HTTP side of the hub for tests: publish (`POST /api/v1/events`), history, health. Every body is
 * parsed with its protocol schema (`PublishAccepted`, `ErrorBody`, `HistoryPage`, `HealthBody`),
 * so an end-to-end test also proves the hub answers what protocol says; a body that does not
 * match throws with the status and the text.
 */
import { ErrorBody, HealthBody, HistoryPage, PublishAccepted } from "@tickerwire/protocol";

export interface HttpAnswer<T> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * A publish answer: the 202's `PublishAccepted`, or an `ErrorBody`, or `{text}` when something
 * other than the hub answered (a proxy's error page): tests read `seqs` or `error` off it.
 */
export type PublishAnswer = Partial<PublishAccepted> & Partial<ErrorBody> & { text?: string };

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The part of a zod schema this file uses. */
interface Schema<T> {
  safeParse(
    v: unknown,
  ): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
}

/** Parses `text` with `schema`, or throws naming the endpoint, the status and the first issue. */
function expectShape<T>(schema: Schema<T>, what: string, res: Response, text: string): T {
  const r = schema.safeParse(parseJson(text));
  if (r.success) return r.data;
  const i = r.error.issues[0];
  throw new Error(
    `${what} answered ${res.status} with a body that is not protocol's shape (${i?.path.map(String).join(".")}: ${i?.message}): ${text.slice(0, 500)}`,
  );
}

async function publishAnswer(res: Response): Promise<HttpAnswer<PublishAnswer>> {
  const text = await res.text();
  const what = "POST /api/v1/events";
  if (res.status === 202)
    return { status: 202, headers: res.headers, body: expectShape(PublishAccepted, what, res, text) };
  const error = ErrorBody.safeParse(parseJson(text));
  // Keep a non-hub answer's text: an HTML or plain error page is worth seeing in the failure message.
  return { status: res.status, headers: res.headers, body: error.success ? error.data : { text } };
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
  if (r.status !== 202 || !r.body.seqs) {
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
  return publishAnswer(await fetch(new URL("/api/v1/events", baseUrl), { method: "POST", body, headers }));
}

/** `GET /api/v1/events?since=&topics=&limit=`; anything but a 200 `HistoryPage` throws. */
export async function history(
  baseUrl: string,
  query: { since?: number; topics?: string[]; limit?: number } = {},
): Promise<HttpAnswer<HistoryPage>> {
  const url = new URL("/api/v1/events", baseUrl);
  if (query.since !== undefined) url.searchParams.set("since", String(query.since));
  if (query.topics) url.searchParams.set("topics", query.topics.join(","));
  if (query.limit !== undefined) url.searchParams.set("limit", String(query.limit));
  const res = await fetch(url);
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${text.slice(0, 500)}`);
  return { status: 200, headers: res.headers, body: expectShape(HistoryPage, "GET /api/v1/events", res, text) };
}

/** `GET /api/v1/health` (200, or 503 with the same body when the bus is down). */
export async function health(baseUrl: string): Promise<HttpAnswer<HealthBody>> {
  const res = await fetch(new URL("/api/v1/health", baseUrl));
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: expectShape(HealthBody, "GET /api/v1/health", res, text) };
}
