/**
 * SSE consumer on the `eventsource` package's EventSource (Bun has no global one). It listens to
 * every named event type; on the first error it closes itself instead of reconnecting, so a
 * dropped stream shows up as `ended` (tests resume explicitly with a new consumer).
 */
import { EVENT_TYPES } from "@tickerwire/protocol";
import { EventSource } from "eventsource";
import type { ConsumerOptions } from "./consumer.ts";
import { BaseConsumer, consumerQuery } from "./consumer.ts";

/** Named SSE events the hub sends: every event type plus the SSE control events. */
const SSE_EVENT_NAMES = [...EVENT_TYPES, "connected", "replayed", "snapshot", "error", "pong", "subscribed"];

export class EventSourceConsumer extends BaseConsumer {
  readonly kind = "eventsource" as const;
  private readonly source: EventSource;
  status: number | undefined;
  headers: Headers | undefined;

  constructor(baseUrl: string, options: ConsumerOptions) {
    super();
    const viaHeader = options.resumeVia === "header";
    const url = new URL("/sse", baseUrl);
    url.search = consumerQuery(options, !viaHeader).toString();
    const lastEventId = viaHeader && options.lastSeq !== undefined ? String(options.lastSeq) : undefined;
    this.source = new EventSource(url.href, {
      // Wrapped to see the status and headers, and to send an initial Last-Event-ID if asked.
      fetch: async (input, init) => {
        const headers =
          lastEventId && !init.headers["Last-Event-ID"]
            ? { ...init.headers, "Last-Event-ID": lastEventId }
            : init.headers;
        const res = await fetch(input, { ...init, headers });
        this.status = res.status;
        this.headers = res.headers;
        return res;
      },
    });
    for (const name of SSE_EVENT_NAMES) {
      this.source.addEventListener(name, (e) => {
        // A server event named "error" and a connection error share the listener; only the former has data.
        if (!("data" in e) || typeof e.data !== "string") return;
        this.accept(e.data, { event: e.type, id: e.lastEventId === "" ? undefined : e.lastEventId, idPersists: true });
      });
    }
    this.source.addEventListener("message", (e) =>
      this.violations.push(`unnamed SSE event: ${String(e.data).slice(0, 200)}`),
    );
    this.source.addEventListener("error", (e) => {
      if ("data" in e && typeof e.data === "string") return;
      const err = e as { code?: number; message?: string };
      this.source.close();
      this.end({ code: err.code ?? this.status, reason: err.message ?? "EventSource error" });
    });
  }

  send(): void {
    throw new Error("eventsource consumers cannot send: SSE is server-to-client only");
  }

  async close(): Promise<void> {
    this.source.close();
    this.end({ reason: "closed by the test" });
  }
}
