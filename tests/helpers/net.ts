/** Loopback networking bits for tests: a free port, and a raw HTTP exchange over TCP. */

/** Asks the kernel for a free port on 127.0.0.1 (for programs like nginx that cannot take port 0). */
export function freePort(): number {
  const l = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = l.port;
  l.stop(true);
  return port;
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
export async function canConnect(port: number): Promise<boolean> {
  try {
    const s = await Bun.connect({ hostname: "127.0.0.1", port, socket: { data() {} } });
    s.end();
    return true;
  } catch {
    return false;
  }
}

/**
 * Sends `request` verbatim and resolves with what came back once the response headers are complete
 * (or, with `untilHeaders: false`, the peer closed), or `ms` passed.
 * Used where fetch would hide the exchange (e.g. a WebSocket upgrade answered 403 by a proxy).
 */
export async function rawHttp(port: number, request: string, { ms = 2000, untilHeaders = true } = {}): Promise<string> {
  let received = "";
  const decoder = new TextDecoder();
  const { promise, resolve } = Promise.withResolvers<void>();
  const socket = await Bun.connect({
    hostname: "127.0.0.1",
    port,
    socket: {
      data(_s, chunk) {
        received += decoder.decode(chunk, { stream: true });
        // The status line and headers are all these tests look at.
        if (untilHeaders && received.includes("\r\n\r\n")) resolve();
      },
      close() {
        resolve();
      },
      error() {
        resolve();
      },
    },
  });
  socket.write(request);
  const timer = setTimeout(resolve, ms);
  await promise;
  clearTimeout(timer);
  socket.end();
  return received;
}

/** A WebSocket upgrade request for `path`, as a browser would send it. */
export function upgradeRequest(path: string, port: number): string {
  return [
    `GET ${path} HTTP/1.1`,
    `Host: 127.0.0.1:${port}`,
    "Upgrade: websocket",
    "Connection: Upgrade",
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
    "Sec-WebSocket-Version: 13",
    "",
    "",
  ].join("\r\n");
}
