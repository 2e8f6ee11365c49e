/**
 * A small stand-in for the hub's publish endpoint, for tests: validates with the protocol's
 * decodePublish, assigns seqs, honours Idempotency-Key, and can be told to fail for a while. Its
 * answers are protocol's `PublishAccepted` and `ErrorBody`, like the real route's.
 */
import type { ErrorBody, PublishAccepted, PublishableEvent } from "@tickerwire/protocol";
import { decodePublish } from "@tickerwire/protocol";

const accepted = (body: PublishAccepted) => Response.json(body, { status: 202 });
const failed = (status: number, body: ErrorBody) => Response.json(body, { status });

export interface FakeHub {
  url: string;
  events: PublishableEvent[];
  requests: { key: string | null; count: number; status: number }[];
  /** Answer the next `n` publishes with this status (e.g. 503). */
  failNext(n: number, status: number): void;
  stop(): void;
}

export function startFakeHub(): FakeHub {
  const events: PublishableEvent[] = [];
  const requests: FakeHub["requests"] = [];
  const byKey = new Map<string, number[]>();
  let failures = { left: 0, status: 503 };
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(req) {
      const url = new URL(req.url);
      if (req.method !== "POST" || url.pathname !== "/api/v1/events") {
        return failed(404, { error: "not_found", message: `no such endpoint: ${req.method} ${url.pathname}` });
      }
      const key = req.headers.get("idempotency-key");
      const text = await req.text();
      if (failures.left > 0) {
        failures.left--;
        requests.push({ key, count: 0, status: failures.status });
        return failed(failures.status, { error: "unavailable", message: "told to fail" });
      }
      const known = key ? byKey.get(key) : undefined;
      if (known) {
        requests.push({ key, count: 0, status: 202 });
        return accepted({ seqs: known, duplicate: true });
      }
      const decoded = decodePublish(text);
      if (!decoded.ok) {
        requests.push({ key, count: 0, status: 400 });
        return failed(400, { error: decoded.error.code, message: decoded.error.message, issues: decoded.error.issues });
      }
      const seqs = decoded.value.map((e) => events.push(e));
      if (key) byKey.set(key, seqs);
      requests.push({ key, count: seqs.length, status: 202 });
      return accepted({ seqs, duplicate: false });
    },
  });
  return {
    url: `http://127.0.0.1:${server.port}`,
    events,
    requests,
    failNext: (n, status) => {
      failures = { left: n, status };
    },
    stop: () => void server.stop(true),
  };
}
