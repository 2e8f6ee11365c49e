/**
 * The server's readiness line. `bun apps/server/src/main.ts` prints exactly one stdout line
 * `listening http://HOST:PORT` once it accepts connections (PORT is the real one when 0 was asked).
 */

const LISTENING_RE = /^listening (https?:\/\/[^\s/]+:(\d+))\/?\s*$/;

/** Returns the base URL and port from a `listening` line, or null for any other line. */
export function parseListeningLine(line: string): { url: string; port: number } | null {
  const m = LISTENING_RE.exec(line.trim());
  if (!m?.[1] || !m[2]) return null;
  const port = Number(m[2]);
  return port > 0 && port < 65536 ? { url: m[1], port } : null;
}
