/**
 * Just enough RFC 6455 for a load-generating client over a raw TCP socket: the upgrade request,
 * walking the server's (unmasked) frames in a byte buffer, and the masked control frames a client
 * must answer with. No extensions are offered, so frames arrive uncompressed.
 * https://www.rfc-editor.org/rfc/rfc6455#section-5.2
 */

export const OP_CONT = 0x0;
export const OP_TEXT = 0x1;
export const OP_BINARY = 0x2;
export const OP_CLOSE = 0x8;
export const OP_PING = 0x9;
export const OP_PONG = 0xa;

/** The HTTP/1.1 upgrade request for `path` (with query) on `host:port`. */
export function upgradeRequest(host: string, path: string, key: string): string {
  return (
    `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
    `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`
  );
}

/** A random 16-byte key, base64 (the server proves it read it; we do not check the answer). */
export function randomKey(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

/**
 * Calls `onFrame(opcode, payloadStart, payloadEnd)` for each complete frame in `buf` from `start`
 * and returns where the first incomplete frame begins (= buf.length when all were complete).
 * Server frames are never masked (RFC 6455 §5.1); a masked one is skipped over correctly anyway.
 */
export function walkFrames(
  buf: Uint8Array,
  start: number,
  onFrame: (opcode: number, payloadStart: number, payloadEnd: number) => void,
): number {
  let i = start;
  const n = buf.length;
  while (n - i >= 2) {
    const b1 = buf[i + 1] as number;
    let len = b1 & 0x7f;
    let h = 2;
    if (len === 126) {
      if (n - i < 4) break;
      len = ((buf[i + 2] as number) << 8) | (buf[i + 3] as number);
      h = 4;
    } else if (len === 127) {
      if (n - i < 10) break;
      let v = 0;
      for (let j = 2; j < 10; j++) v = v * 256 + (buf[i + j] as number);
      len = v;
      h = 10;
    }
    if (b1 & 0x80) h += 4;
    if (n - i < h + len) break;
    onFrame((buf[i] as number) & 0x0f, i + h, i + h + len);
    i += h + len;
  }
  return i;
}

/** A client control frame (pong or close) with `payload` (≤ 125 bytes), masked with a zero key. */
export function clientControlFrame(opcode: number, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  const len = Math.min(payload.length, 125);
  const out = new Uint8Array(6 + len);
  out[0] = 0x80 | opcode;
  out[1] = 0x80 | len;
  // Bytes 2..5: the mask key, left zero, so the payload is sent as is (XOR with 0).
  out.set(payload.subarray(0, len), 6);
  return out;
}
