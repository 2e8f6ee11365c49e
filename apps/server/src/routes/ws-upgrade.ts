/**
 * `GET /ws`: the subscription from the query, the gate (credentials, origin, limits), then Bun's
 * upgrade. Shared by the Hono route and the fast path in front of Hono (stream-fast-path.ts).
 */

import { parseSubscriptionRequest } from "@tickerwire/protocol";
import { errorResponse, protocolErrorResponse } from "../http-errors.ts";
import type { Gate, GateContext } from "../security/gate.ts";
import type { WsGuard } from "../security/ws-guard.ts";
import type { WsServer } from "../transports/ws.ts";
import { queryOf } from "./request-url.ts";

export interface WsUpgradeDeps {
  gate: Gate;
  wsGuard: WsGuard;
}

export type WsUpgradeContext = GateContext & { env: WsServer };

/** Upgrades the request, or answers why not; null: Bun has taken the connection over. */
export async function upgradeWs(d: WsUpgradeDeps, c: WsUpgradeContext): Promise<Response | null> {
  const parsed = parseSubscriptionRequest(queryOf(c.req.url));
  if (!parsed.ok) return protocolErrorResponse(parsed.error, 400, { parameter: parsed.parameter });
  // Credentials, origin and limits first: a refused upgrade answers with a readable status.
  const grant = await d.gate.stream(c, "ws", parsed.value.patterns);
  if (grant instanceof Response) return grant;
  if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
    grant.release();
    return errorResponse(
      426,
      "invalid_header",
      "/ws is a WebSocket endpoint: send an Upgrade: websocket request",
      {},
      { Upgrade: "websocket" },
    );
  }
  const guard = d.wsGuard.state(grant.principal, grant.ip, grant.release);
  // Every field up front: the object keeps one shape for the socket's life.
  const data = { request: parsed.value, guard, conn: undefined, session: undefined };
  if (c.env.upgrade(c.req.raw, { data })) return null;
  grant.release();
  return errorResponse(400, "invalid_header", "the WebSocket upgrade failed (bad handshake headers)");
}
