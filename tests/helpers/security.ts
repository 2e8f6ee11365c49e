/**
 * Helpers for the security suites: signed test tokens, and raw WebSocket / SSE openers that
 * report exactly what the hub answered (admitted with its first message, or refused with a status
 * or close code), with custom headers (Authorization, Origin, X-Forwarded-For).
 */

import { SseParser } from "@tickerwire/protocol/sse-parser";
import { signToken } from "../../apps/server/src/auth/token-cli.ts";
import { withTimeout } from "./wait.ts";

export const SECRET = "test-secret-that-is-long-enough-0123456789";

export interface TokenSpec {
  sub?: string;
  scopes?: string[];
  publish?: string[];
  subscribe?: string[];
  ttlS?: number;
  secret?: string;
}

export function token(t: TokenSpec = {}): Promise<string> {
  return signToken({
    alg: "HS256",
    key: t.secret ?? SECRET,
    sub: t.sub ?? "tester",
    scopes: t.scopes ?? ["publish", "subscribe"],
    publishTopics: t.publish,
    subscribeTopics: t.subscribe,
    ttlMs: (t.ttlS ?? 600) * 1000,
  });
}

export const bearer = (jwt: string) => ({ Authorization: `Bearer ${jwt}` });

export async function ticket(base: string, jwt: string, purpose = "stream"): Promise<string> {
  const r = await fetch(`${base}/api/v1/tickets?for=${purpose}`, { method: "POST", headers: bearer(jwt) });
  if (r.status !== 201) throw new Error(`ticket: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { ticket: string }).ticket;
}

export interface WsResult {
  admitted: boolean;
  messages: Record<string, unknown>[];
  /** Resolves with the close code and reason. */
  closed: Promise<{ code: number; reason: string }>;
  socket: WebSocket;
}

/** Opens `/ws`; resolves once `connected` arrived (admitted) or the socket closed first (refused). */
export async function openWs(base: string, query = "", headers: Record<string, string> = {}): Promise<WsResult> {
  const url = `${base.replace(/^http/, "ws")}/ws${query ? `?${query}` : ""}`;
  const socket = new WebSocket(url, { headers } as unknown as string[]);
  const messages: Record<string, unknown>[] = [];
  let admit: (v: boolean) => void = () => {};
  const admitted = new Promise<boolean>((r) => (admit = r));
  const closed = new Promise<{ code: number; reason: string }>((r) =>
    socket.addEventListener("close", (e) => {
      admit(false);
      r({ code: e.code, reason: e.reason });
    }),
  );
  socket.addEventListener("message", (e) => {
    const m = JSON.parse(String(e.data)) as Record<string, unknown>;
    messages.push(m);
    if (m.type === "connected") admit(true);
  });
  return { admitted: await withTimeout(admitted, 5000, `ws ${url}`), messages, closed, socket };
}

/** Plain GET (no upgrade) to read the status a refused `/ws` or `/sse` request gets. */
export async function status(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const ac = new AbortController();
  const r = await fetch(url, { headers, signal: ac.signal });
  if (r.headers.get("content-type")?.includes("event-stream")) {
    ac.abort();
    return { status: r.status, body: {}, headers: r.headers };
  }
  return { status: r.status, body: (await r.json().catch(() => ({}))) as Record<string, unknown>, headers: r.headers };
}

export interface SseResult {
  status: number;
  body: Record<string, unknown>;
  /** Parsed `data` of every event so far (admitted streams only). */
  events: Record<string, unknown>[];
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

/** Opens `/sse`; resolves once `connected` arrived or the request was refused. */
export async function openSse(base: string, query = "", headers: Record<string, string> = {}): Promise<SseResult> {
  const ac = new AbortController();
  const r = await fetch(`${base}/sse${query ? `?${query}` : ""}`, { headers, signal: ac.signal });
  if (r.status !== 200 || !r.body) {
    return {
      status: r.status,
      body: (await r.json().catch(() => ({}))) as Record<string, unknown>,
      events: [],
      ended: Promise.resolve(),
      close() {},
    };
  }
  const events: Record<string, unknown>[] = [];
  const parser = new SseParser();
  const reader = r.body.getReader();
  let onConnected: () => void = () => {};
  const connected = new Promise<void>((res) => (onConnected = res));
  const ended = (async () => {
    const dec = new TextDecoder();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        for (const item of parser.push(dec.decode(value, { stream: true }))) {
          if (item.kind !== "event") continue;
          const m = JSON.parse(item.data) as Record<string, unknown>;
          events.push(m);
          if (m.type === "connected") onConnected();
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  await withTimeout(Promise.race([connected, ended]), 5000, "sse connected");
  return { status: 200, body: {}, events, ended, close: () => ac.abort() };
}
