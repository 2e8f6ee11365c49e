/**
 * WebSocket transport: one socket to `/ws`. Browsers and Bun answer the hub's protocol-level
 * pings themselves and never show them to JS, so liveness comes from the client's app pings.
 * The URL asks for events frames (urls.ts): a frame's events are handed on one by one, in order,
 * each validated on its own, so the rest of the SDK sees exactly what single messages would give.
 */
import { decodeServerFrame } from "@tickerwire/protocol";
import { ClientError } from "../errors.ts";
import type { Transport, TransportOpenOptions } from "./types.ts";

/** Per the WebSocket spec: a close without a close frame (refused, reset, network gone). */
const ABNORMAL_CLOSURE = 1006;

export function openWebSocket({ url, env, callbacks, logger }: TransportOpenOptions): Transport {
  const WS = env.WebSocket;
  if (!WS) throw new ClientError("invalid_argument", "no WebSocket in this environment", { transport: "ws" });
  const socket = new WS(url);
  socket.binaryType = "arraybuffer";
  let done = false;

  const finish = (code: number, reason: string) => {
    if (done) return;
    done = true;
    detach();
    callbacks.closed({ code, reason });
  };
  const detach = () => {
    socket.onopen = null;
    socket.onmessage = null;
    socket.onerror = null;
    socket.onclose = null;
  };

  socket.onmessage = (e: MessageEvent) => {
    if (done) return;
    callbacks.activity();
    for (const r of decodeServerFrame(e.data)) {
      // A message handler may close the transport (a fatal error): stop handing on at once.
      if (done) return;
      if (r.ok) callbacks.message(r.value);
      else
        callbacks.invalid(
          new ClientError("invalid_message", r.error.message, { transport: "ws", issues: r.error.issues }),
        );
    }
  };
  // An error is always followed by a close per spec, but not every implementation keeps that
  // promise; treat the error as the end (its close event then finds us detached).
  socket.onerror = () => {
    logger.debug?.("ws error", url);
    finish(ABNORMAL_CLOSURE, "websocket error");
    try {
      socket.close();
    } catch {
      // already closing
    }
  };
  socket.onclose = (e: CloseEvent) => finish(e.code || ABNORMAL_CLOSURE, e.reason || "websocket closed");

  return {
    kind: "ws",
    seesKeepAlive: false,
    send(msg) {
      if (done || socket.readyState !== 1) return false;
      socket.send(JSON.stringify(msg));
      return true;
    },
    close() {
      if (done) return;
      done = true;
      detach();
      try {
        socket.close(1000, "client closed");
      } catch {
        // a socket still CONNECTING may refuse in some runtimes; it is detached either way
      }
    },
  };
}
