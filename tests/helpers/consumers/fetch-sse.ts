/**
 * SSE consumer on a raw `fetch` stream and our spec parser: sees what EventSource hides —
 * response headers, `retry:`, heartbeat comments, and whether each block has its own `id:`.
 * Resumes with the `Last-Event-ID` header by default (the path a reconnecting browser takes).
 */

import { SseParser } from "@tickerwire/protocol/sse-parser";
import type { ConsumerOptions } from "./consumer.ts";
import { BaseConsumer, consumerQuery } from "./consumer.ts";

export class FetchSseConsumer extends BaseConsumer {
  readonly kind = "fetch-sse" as const;
  private readonly abort = new AbortController();
  status: number | undefined;
  headers: Headers | undefined;
  retryMs: number | undefined;
  /** Resolves when the response headers arrived (or the request failed). */
  readonly responded: Promise<void>;

  constructor(baseUrl: string, options: ConsumerOptions) {
    super();
    const viaQuery = options.resumeVia === "query";
    const url = new URL("/sse", baseUrl);
    url.search = consumerQuery(options, viaQuery).toString();
    const headers: Record<string, string> = { Accept: "text/event-stream", "Cache-Control": "no-cache" };
    if (!viaQuery && options.lastSeq !== undefined) headers["Last-Event-ID"] = String(options.lastSeq);
    this.responded = this.run(url.href, headers);
  }

  /** Resolves once headers are in; the body keeps being read in the background. */
  private async run(url: string, headers: Record<string, string>): Promise<void> {
    let res: Response;
    try {
      res = await fetch(url, { headers, signal: this.abort.signal });
    } catch (e) {
      this.end({ reason: `fetch failed: ${String(e)}` });
      return;
    }
    this.status = res.status;
    this.headers = res.headers;
    if (res.status !== 200 || !res.body) {
      const body = await res.text().catch(() => "");
      this.end({ code: res.status, reason: `HTTP ${res.status}: ${body.slice(0, 300)}` });
      return;
    }
    void this.read(res.body);
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const parser = new SseParser();
    const decoder = new TextDecoder();
    try {
      for await (const chunk of body) {
        for (const item of parser.push(decoder.decode(chunk, { stream: true }))) {
          if (item.kind === "event") this.accept(item.data, { event: item.event, id: item.id });
          else if (item.kind === "comment") this.comment(item.text);
          else this.retryMs = item.ms;
        }
      }
      this.end({ reason: "stream ended by the server" });
    } catch (e) {
      this.end({ reason: this.abort.signal.aborted ? "closed by the test" : `stream error: ${String(e)}` });
    }
  }

  send(): void {
    throw new Error("fetch-sse consumers cannot send: SSE is server-to-client only");
  }

  async close(): Promise<void> {
    this.abort.abort();
    await Promise.race([this.ended, Bun.sleep(2000)]);
    if (!this.endInfo) this.end({ reason: "closed by the test" });
  }
}
