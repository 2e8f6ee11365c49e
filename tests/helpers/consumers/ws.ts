/** Raw WebSocket consumer on Bun's built-in WebSocket: `/ws` with query options, JSON frames. */
import type { ConsumerOptions } from "./consumer.ts";
import { BaseConsumer, consumerQuery } from "./consumer.ts";

export class WsConsumer extends BaseConsumer {
  readonly kind = "ws" as const;
  private readonly socket: WebSocket;

  constructor(baseUrl: string, options: ConsumerOptions) {
    super();
    const url = new URL("/ws", baseUrl);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    url.search = consumerQuery(options, true).toString();
    this.socket = new WebSocket(url.href);
    this.socket.addEventListener("message", (e) => {
      if (typeof e.data === "string") this.accept(e.data);
      else this.violations.push(`binary frame from the server (${String(e.data)})`);
    });
    // A refused upgrade (HTTP 4xx) surfaces as `error` then `close` 1002/1006 in Bun.
    this.socket.addEventListener("error", () => {
      if (this.socket.readyState === WebSocket.CLOSED) this.end({ reason: "error" });
    });
    this.socket.addEventListener("close", (e) => this.end({ code: e.code, reason: e.reason || `closed ${e.code}` }));
  }

  send(msg: unknown): void {
    if (typeof msg === "string") this.socket.send(msg);
    else if (msg instanceof Uint8Array) this.socket.send(msg as Uint8Array<ArrayBuffer>);
    else this.socket.send(JSON.stringify(msg));
  }

  async close(): Promise<void> {
    if (this.endInfo) return;
    this.socket.close(1000, "test done");
    await Promise.race([this.ended, Bun.sleep(2000)]);
    if (!this.endInfo) this.end({ code: 1000, reason: "closed by the test (no close frame back)" });
  }
}
