/**
 * Server-Sent Events transport: an EventSource on `/sse`. The hub names each event after its type
 * (`event: signal`, `event: connected`...), so we listen to every known name. EventSource would
 * reconnect on its own, but we close it on the first error and let the client reconnect with its
 * own backoff and cursor, as for WebSocket.
 *
 * Keep-alive: the hub sends `event: heartbeat` messages (every EventSource sees those) and
 * `: heartbeat` comments, which the EventSource API never shows. When the implementation accepts a
 * `fetch` override (the `eventsource` package does), we wrap the response body to see every
 * chunk, comments included; then `seesKeepAlive` is true. A native browser EventSource gives no
 * such hook: there liveness rests on the heartbeat events (see link.ts `armOnHeartbeat`).
 */
import { decodeServerMessage, EVENT_TYPES } from "@tickerwire/protocol";
import { ClientError } from "../errors.ts";
import type { ClientEnv } from "../types.ts";
import type { Transport, TransportOpenOptions } from "./types.ts";

const CONTROL_EVENTS = ["connected", "replayed", "snapshot", "heartbeat", "subscribed", "pong", "message"] as const;
/** Set by the `eventsource` package on its class when `new EventSource(url, { fetch })` works. */
const SUPPORTS_FETCH = Symbol.for("eventsource.supports-fetch-override");

type ReadResult = { done: boolean; value?: unknown };
interface ReaderLike {
  read(): Promise<ReadResult>;
  cancel(reason?: unknown): Promise<void>;
}

/** A fetch whose response body reports each chunk read (heartbeat comments included). */
function observedFetch(env: ClientEnv, onChunk: () => void) {
  return async (url: string | URL, init: RequestInit) => {
    const f = env.fetch;
    if (!f) throw new ClientError("invalid_argument", "no fetch in this environment", { transport: "sse" });
    const res = await f(url, init);
    const body = res.body;
    if (!body) return res;
    return {
      status: res.status,
      url: res.url,
      redirected: res.redirected,
      headers: res.headers,
      body: {
        getReader(): ReaderLike {
          const reader = body.getReader();
          return {
            async read() {
              const r = await reader.read();
              if (!r.done) onChunk();
              return r;
            },
            cancel: (reason?: unknown) => reader.cancel(reason),
          };
        },
      },
    };
  };
}

export function openEventSource({ url, env, callbacks, logger }: TransportOpenOptions): Transport {
  const ES = env.EventSource;
  if (!ES) {
    throw new ClientError("invalid_argument", "no EventSource in this environment; pass env.EventSource", {
      transport: "sse",
    });
  }
  let done = false;
  const seesKeepAlive = (ES as unknown as Record<symbol, unknown>)[SUPPORTS_FETCH] === true;
  const init = seesKeepAlive ? { fetch: observedFetch(env, () => !done && callbacks.activity()) } : undefined;
  const source = new ES(url, init as EventSourceInit | undefined);

  const onData = (e: MessageEvent) => {
    if (done) return;
    callbacks.activity();
    const r = decodeServerMessage(typeof e.data === "string" ? e.data : String(e.data));
    if (r.ok) callbacks.message(r.value);
    else
      callbacks.invalid(
        new ClientError("invalid_message", r.error.message, { transport: "sse", issues: r.error.issues }),
      );
  };
  // `error` is both EventSource's failure event and a possible hub `event: error` message; only
  // the latter carries data.
  const onError = (e: Event) => {
    if (done) return;
    if (typeof (e as MessageEvent).data === "string") return onData(e as MessageEvent);
    const failure = e as Event & { code?: number; message?: string };
    logger.debug?.("sse error", url, failure.code, failure.message);
    done = true;
    source.close();
    callbacks.closed({
      ...(typeof failure.code === "number" ? { status: failure.code } : {}),
      reason: failure.message || "event stream failed",
    });
  };

  for (const name of [...EVENT_TYPES, ...CONTROL_EVENTS]) source.addEventListener(name, onData as EventListener);
  source.addEventListener("error", onError);

  return {
    kind: "sse",
    seesKeepAlive,
    send: () => false,
    close() {
      if (done) return;
      done = true;
      source.close();
    },
  };
}
