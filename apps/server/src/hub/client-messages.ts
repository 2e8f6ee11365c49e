/**
 * What the hub does with each message a client sends (WebSocket only; decoded and validated by the
 * transport): ping, subscribe, unsubscribe, resume, report, auth. A message type added to the
 * protocol fails to compile here until it is handled.
 */
import { type ClientMessage, type Filter, MAX_PATTERNS, ProtocolError, type ResumeToken } from "@tickerwire/protocol";
import type { Session } from "./session.ts";

export interface ClientMessageDeps {
  now(): number;
  /** Moves the session to a new subscription (its group, its replay or slow lane follow). */
  resubscribe(s: Session, patterns: string[], filter: Filter | undefined): void;
  /** Replays history after the cursor, then goes live. */
  resume(s: Session, token: ResumeToken): void;
  report(s: Session, m: Extract<ClientMessage, { type: "report" }>): void;
}

function reply(s: Session, error: ProtocolError): void {
  s.conn.sendControl(error.toMessage());
}

function subscribed(s: Session): void {
  s.conn.sendControl({ type: "subscribed", topics: s.patterns, ...(s.filter ? { filter: s.filter } : {}) });
}

export function handleClientMessage(d: ClientMessageDeps, s: Session, m: ClientMessage): void {
  if (s.closed) return;
  switch (m.type) {
    case "ping":
      s.conn.sendControl({
        type: "pong",
        ...(m.t !== undefined ? { t: m.t } : {}),
        server_time: new Date(d.now()).toISOString(),
      });
      return;
    case "subscribe": {
      const patterns = [...new Set([...s.patterns, ...m.topics])];
      if (patterns.length > MAX_PATTERNS) {
        reply(s, new ProtocolError("too_many_subscriptions", `at most ${MAX_PATTERNS} patterns per connection`));
        return;
      }
      d.resubscribe(s, patterns, m.filter ?? s.filter);
      subscribed(s);
      return;
    }
    case "unsubscribe": {
      const drop = new Set(m.topics);
      d.resubscribe(
        s,
        s.patterns.filter((p) => !drop.has(p)),
        s.filter,
      );
      subscribed(s);
      return;
    }
    case "resume":
      d.resume(s, m.epoch !== undefined ? { seq: m.last_seq, epoch: m.epoch } : { seq: m.last_seq });
      return;
    case "report":
      d.report(s, m);
      return;
    case "auth":
      // Credentials are the transport's business (security/ws-guard.ts answers it before the hub).
      reply(s, new ProtocolError("invalid_message", "auth is not accepted on this connection"));
      return;
    default: {
      const unhandled: never = m;
      reply(
        s,
        new ProtocolError(
          "invalid_message",
          `unsupported message ${JSON.stringify((unhandled as { type: string }).type)}`,
        ),
      );
    }
  }
}
