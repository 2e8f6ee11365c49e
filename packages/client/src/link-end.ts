/**
 * How a main link ended, in the two forms that matter: the error the app is told, and the
 * action the Connector takes (close-policy.ts): `fatal` stops for good, `now` reconnects at
 * once, `backoff` after a delay. A link that never opened always moves on to the round's next
 * transport, whatever the action.
 */
import { type CloseAction, classifyClose } from "./close-policy.ts";
import { ClientError } from "./errors.ts";
import type { TransportClose } from "./transports/types.ts";
import type { TransportKind } from "./types.ts";

export interface LinkEnd {
  error: ClientError;
  action: CloseAction;
}

/** The transport closed (or its request was refused). */
export function closedEnd(link: { kind: TransportKind; connected: boolean }, info: TransportClose): LinkEnd {
  const details = { transport: link.kind, status: info.code ?? info.status };
  const action = classifyClose(info);
  if (action === "fatal") {
    const why = `hub refused the ${link.kind} connection: ${info.reason}`;
    return { action, error: new ClientError("rejected", why, { ...details, fatal: true }) };
  }
  const what = link.connected ? "dropped" : "failed to open";
  return { action, error: new ClientError("transport_failed", `${link.kind} ${what}: ${info.reason}`, details) };
}

/** No `connected` within the open timeout. */
export function openTimeoutEnd(kind: TransportKind, ms: number): LinkEnd {
  const error = new ClientError("open_timeout", `${kind} sent no "connected" within ${ms} ms`, { transport: kind });
  return { action: "backoff", error };
}

/** No traffic for `deadAfterMs` on an open link. */
export function deadEnd(kind: TransportKind, ms: number): LinkEnd {
  const error = new ClientError("dead_connection", `no traffic on ${kind} for ${ms} ms`, { transport: kind });
  return { action: "backoff", error };
}
