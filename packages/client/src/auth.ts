/**
 * Token authentication for the client: with `token` set, every (re)connect first trades the JWT
 * for a short-lived single-use ticket (`POST /api/v1/tickets`, Bearer) and opens `/ws` or `/sse`
 * with `?ticket=` — browsers cannot send headers on WebSocket/EventSource, and a JWT in a URL
 * would end up in logs. On a WebSocket the token is refreshed in place (`auth` message) before it
 * expires; SSE streams end at expiry and reconnect with a new ticket.
 */
import { type ClientMessage, ErrorBody, TicketAnswer, type TransportKind } from "@tickerwire/protocol";
import type { TokenSource } from "./token-source.ts";
import type { Transport, TransportCallbacks, TransportFactory, TransportOpenOptions } from "./transports/types.ts";

/** Refresh this long before expiry (or at 80% of the remaining life, whichever is later). */
const REFRESH_MARGIN_MS = 30_000;

/** `exp` of a JWT in epoch ms, or null (not a JWT, no exp). The client never verifies tokens. */
export function tokenExpiry(token: string): number | null {
  try {
    const part = token.split(".")[1];
    if (!part) return null;
    const json = atob(
      part
        .replace(/-/g, "+")
        .replace(/_/g, "/")
        .padEnd(Math.ceil(part.length / 4) * 4, "="),
    );
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === "number" ? exp * 1000 : null;
  } catch {
    return null;
  }
}

/** When to refresh a token expiring at `exp`, seen at `now`. */
export function refreshAt(exp: number, now: number): number {
  const left = exp - now;
  return now + Math.max(left - REFRESH_MARGIN_MS, left * 0.8, 0);
}

/** `ws://h/ws?x` → `http://h/api/v1/tickets?for=ws`. */
export function ticketUrl(endpoint: string, kind: TransportKind): string {
  const u = new URL(endpoint);
  if (u.protocol === "ws:") u.protocol = "http:";
  if (u.protocol === "wss:") u.protocol = "https:";
  u.pathname = u.pathname.replace(/\/(ws|sse)$/, "/api/v1/tickets");
  u.search = `for=${kind}`;
  u.hash = "";
  return u.toString();
}

async function getToken(source: TokenSource): Promise<string> {
  return typeof source === "string" ? source : await source();
}

function authed(kind: TransportKind, open: TransportFactory, source: TokenSource): TransportFactory {
  return (o: TransportOpenOptions): Transport => {
    let inner: Transport | null = null;
    let closed = false;
    let timer: unknown = null;
    const clearTimer = () => {
      if (timer !== null) o.env.clearTimeout(timer);
      timer = null;
    };
    const fail = (info: { status?: number; reason: string }) => {
      if (closed) return;
      closed = true;
      clearTimer();
      o.callbacks.closed(info);
    };
    const scheduleRefresh = (token: string) => {
      clearTimer();
      const exp = tokenExpiry(token);
      if (kind !== "ws" || exp === null) return;
      timer = o.env.setTimeout(() => {
        timer = null;
        getToken(source)
          .then((next) => {
            if (closed || !inner) return;
            inner.send({ type: "auth", token: next } as ClientMessage);
            scheduleRefresh(next);
          })
          .catch((e) => o.logger.warn?.("token refresh failed", e));
      }, refreshAt(exp, o.env.now()) - o.env.now());
    };

    void (async () => {
      const fetchFn = o.env.fetch;
      if (!fetchFn) return fail({ reason: "no fetch in this environment: cannot get a connect ticket" });
      let token: string;
      let res: Response;
      try {
        token = await getToken(source);
        res = await fetchFn(ticketUrl(o.url, kind), { method: "POST", headers: { Authorization: `Bearer ${token}` } });
      } catch (e) {
        return fail({ reason: `ticket request failed: ${String(e)}` });
      }
      const body: unknown = await res.json().catch(() => null);
      if (closed) return;
      // 401/403 are fatal for the client (close-policy.ts); other statuses back off and retry.
      if (!res.ok) {
        const error = ErrorBody.safeParse(body);
        const why = error.success ? ` ${error.data.error}: ${error.data.message}` : "";
        return fail({
          status: res.status === 401 || res.status === 403 ? res.status : 503,
          reason: `ticket refused (${res.status}${why})`,
        });
      }
      const answer = TicketAnswer.safeParse(body);
      if (!answer.success) return fail({ reason: "ticket answer without a ticket" });
      const url = new URL(o.url);
      url.searchParams.set("ticket", answer.data.ticket);
      const callbacks: TransportCallbacks = {
        ...o.callbacks,
        closed: (info) => {
          closed = true;
          clearTimer();
          o.callbacks.closed(info);
        },
      };
      try {
        inner = open({ ...o, url: url.toString(), callbacks });
      } catch (e) {
        return fail({ reason: `could not open ${kind}: ${String(e)}` });
      }
      scheduleRefresh(token);
    })();

    return {
      kind,
      get seesKeepAlive() {
        return inner?.seesKeepAlive ?? false;
      },
      send: (msg) => inner?.send(msg) ?? false,
      close() {
        closed = true;
        clearTimer();
        inner?.close();
      },
    };
  };
}

/** The transport factories with ticket authentication in front (see the module comment). */
export function withTokenAuth(
  factories: Record<TransportKind, TransportFactory>,
  source: TokenSource,
): Record<TransportKind, TransportFactory> {
  return { ws: authed("ws", factories.ws, source), sse: authed("sse", factories.sse, source) };
}

/**
 * Options whose `fetch` adds the Bearer token to the SSE lag reports (`POST
 * /api/v1/client-reports`), which a hub with AUTH=jwt requires. Other requests pass unchanged;
 * the global fetch is still looked up per call (tests swap it).
 */
export function withReportAuth<O extends { token?: TokenSource; env?: { fetch?: typeof fetch | undefined } }>(o: O): O {
  const source = o.token;
  if (!source) return o;
  const given = o.env?.fetch;
  const authedFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const base = given ?? globalThis.fetch.bind(globalThis);
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (!/\/api\/v1\/client-reports$/.test(new URL(url).pathname)) return base(input, init);
    const headers = new Headers(init?.headers);
    headers.set("Authorization", `Bearer ${await getToken(source)}`);
    return base(input, { ...init, headers });
  }) as typeof fetch;
  return { ...o, env: { ...o.env, fetch: authedFetch } };
}

export type { TokenSource } from "./token-source.ts";
