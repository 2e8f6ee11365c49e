/**
 * `GET /sse`: the subscription from the query (and `Last-Event-ID`), the gate (credentials,
 * origin, limits), then the hub's stream. Shared by the Hono route and the fast path that
 * server.ts puts in front of Hono (routes/stream-fast-path.ts).
 */
import { type ControlMessage, ProtocolError, parseSubscriptionRequest } from "@tickerwire/protocol";
import { protocolErrorResponse } from "../http-errors.ts";
import { atDeadline } from "../security/deadline.ts";
import type { Gate, GateContext } from "../security/gate.ts";
import type { SseRequestContext, SseTransport } from "../transports/sse.ts";
import type { WsServer } from "../transports/ws.ts";
import { queryOf } from "./request-url.ts";

export interface SseConnectDeps {
  gate: Gate;
  sse: SseTransport;
}

export type SseConnectContext = GateContext & { env: WsServer };

const TOKEN_EXPIRED_FAREWELL = new ProtocolError(
  "token_expired",
  "the token expired; reconnect with a new ticket",
).toMessage();

/**
 * The transport's view of one stream's request: re-arming Bun's idle timeout for a dropped slow
 * stream, and what to release when the stream ends. One object with methods instead of closures,
 * since it is kept for the stream's whole life. It holds no abort signal: Bun cancels the body
 * when the client goes away, and touching `req.signal` alone cost ~2 KB per idle stream (server
 * RSS, measured with 3,000 streams).
 */
class StreamRequest implements SseRequestContext {
  readonly endWhen?: { signal: AbortSignal; farewell: ControlMessage };

  constructor(
    private readonly server: WsServer,
    private readonly req: Request,
    private readonly release: () => void,
    private readonly cancelExpiry: (() => void) | null,
    expiry: AbortController | null,
  ) {
    if (expiry) this.endWhen = { signal: expiry.signal, farewell: TOKEN_EXPIRED_FAREWELL };
  }
  expire(): void {
    this.server.timeout(this.req, 1);
  }
  onClose(): void {
    this.cancelExpiry?.();
    this.release();
  }
}

/** The stream's response, or why it was refused. */
export async function connectSse(d: SseConnectDeps, c: SseConnectContext): Promise<Response> {
  const req = c.req.raw;
  const parsed = parseSubscriptionRequest(queryOf(req.url), c.req.header("last-event-id") ?? null);
  if (!parsed.ok) return protocolErrorResponse(parsed.error, 400, { parameter: parsed.parameter });
  const grant = await d.gate.stream(c, "sse", parsed.value.patterns);
  if (grant instanceof Response) return grant;
  // Bun closes a response idle for 10 s; an SSE stream is idle between events by design.
  const server = c.env;
  server.timeout(req, 0);
  // The stream ends when its token expires; the client reconnects with a new ticket. Without a
  // token (auth off) there is no deadline, and no controller or timer is kept per stream.
  const principal = grant.principal;
  const expiry = principal ? new AbortController() : null;
  const cancelExpiry = expiry && principal ? atDeadline(principal.expiresAt, () => expiry.abort()) : null;
  return d.sse.respond(parsed.value, new StreamRequest(server, req, grant.release, cancelExpiry, expiry));
}
