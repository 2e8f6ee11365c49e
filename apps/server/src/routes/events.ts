/**
 * `POST /api/v1/events` (validate, publish, answer once durable) and `GET /api/v1/events`
 * (history paging). Error bodies follow http-errors.ts.
 */
import { type Bus, BusUnavailableError, IdempotencyConflictError } from "@tickerwire/bus";
import {
  decodePublish,
  EPOCH_RE,
  type ErrorCode,
  encodeHistoryPage,
  HISTORY_DEFAULT_LIMIT,
  HISTORY_MAX_LIMIT,
  type PublishAccepted,
  type PublishableEvent,
  parseFilterParams,
  parseResumeToken,
  parseTopicsParam,
} from "@tickerwire/protocol";
import type { Context } from "hono";
import { errorResponse, protocolErrorResponse } from "../http-errors.ts";
import type { Logger } from "../logger.ts";
import type { ServerMetrics } from "../metrics/metrics.ts";
import { HUB_KEY_PREFIX } from "../watch/firing.ts";
import { readBodyLimited } from "./body.ts";

export interface EventsRouteDeps {
  bus: Bus;
  metrics: ServerMetrics;
  logger: Logger;
  maxBodyBytes: number;
  /** Authorisation of the topics (publish) or patterns (history) once parsed; a Response refuses. */
  authorizeTopics?: (c: Context, topics: readonly string[], scope: "publish" | "subscribe") => Response | null;
  /**
   * The engine this request comes from (watch/liveness/engine-id.ts), checked before publishing;
   * a Response refuses a bad engine header. `published` is told once the events are durable.
   */
  engine?: (c: Context) => { published(events: number): void } | Response;
}

/** The index of the first item carrying `rule_id` (only the hub's own alerts may), or -1. */
function claimsRule(events: readonly PublishableEvent[]): number {
  return events.findIndex((e) => e.type === "alert" && e.data.rule_id !== undefined);
}

const IDEMPOTENCY_KEY_RE = /^[\x20-\x7e]{1,200}$/;
const JSON_TYPE_RE = /^application\/([a-z0-9.+-]+\+)?json\s*(;|$)/i;

export function createPublishHandler(d: EventsRouteDeps) {
  return async (c: Context): Promise<Response> => {
    const started = performance.now();
    const contentType = c.req.header("content-type") ?? "";
    if (!JSON_TYPE_RE.test(contentType)) {
      return errorResponse(
        415,
        "unsupported_media_type",
        `send the events as JSON with Content-Type: application/json (got ${JSON.stringify(contentType.slice(0, 80) || "none")})`,
      );
    }
    const key = c.req.header("idempotency-key");
    if (key !== undefined && !IDEMPOTENCY_KEY_RE.test(key)) {
      return errorResponse(400, "invalid_header", "Idempotency-Key must be 1 to 200 printable ASCII characters");
    }
    if (key?.startsWith(HUB_KEY_PREFIX)) {
      return errorResponse(
        400,
        "invalid_header",
        `Idempotency-Key must not start with "${HUB_KEY_PREFIX}" (the hub's own)`,
      );
    }
    const engine = d.engine?.(c);
    if (engine instanceof Response) return engine;
    const body = await readBodyLimited(c.req.raw, d.maxBodyBytes);
    if (!body.ok) {
      d.metrics.observePublish("too_large");
      return errorResponse(413, "payload_too_large", `the body exceeds ${d.maxBodyBytes} bytes`, {
        limit: d.maxBodyBytes,
      });
    }
    const decoded = decodePublish(body.bytes);
    if (!decoded.ok) {
      d.metrics.observePublish("invalid");
      return protocolErrorResponse(decoded.error);
    }
    const refused = d.authorizeTopics?.(
      c,
      decoded.value.map((e) => e.topic),
      "publish",
    );
    if (refused) return refused;
    const ruled = claimsRule(decoded.value);
    if (ruled >= 0) {
      d.metrics.observePublish("invalid");
      return errorResponse(400, "invalid_event", "rule_id is set by the hub on its own alerts only", {
        issues: [{ index: ruled, path: ["data", "rule_id"], message: "rule_id is reserved for the hub's own alerts" }],
      });
    }
    try {
      const r = await d.bus.publish(decoded.value, key !== undefined ? { idempotencyKey: key } : {});
      d.metrics.observePublish(r.duplicate ? "duplicate" : "accepted", r.events, (performance.now() - started) / 1000);
      engine?.published(r.events.length);
      const accepted: PublishAccepted = { seqs: r.events.map((e) => e.seq), duplicate: r.duplicate };
      return c.json(accepted, 202);
    } catch (e) {
      if (e instanceof IdempotencyConflictError) {
        d.metrics.observePublish("conflict");
        return errorResponse(409, "idempotency_conflict", e.message);
      }
      if (e instanceof BusUnavailableError) {
        d.metrics.observePublish("unavailable");
        d.logger.warn("publish: bus unavailable", { error: e });
        return errorResponse(
          503,
          "unavailable",
          "the hub cannot store events right now; retry later",
          {},
          {
            "Retry-After": "1",
          },
        );
      }
      d.metrics.observePublish("error");
      throw e;
    }
  };
}

function badParam(parameter: string, message: string, code: ErrorCode = "invalid_query"): Response {
  return errorResponse(400, code, message, { parameter });
}

export function createHistoryHandler(d: EventsRouteDeps) {
  return async (c: Context): Promise<Response> => {
    const q = new URL(c.req.url).searchParams;
    const sinceRaw = q.get("since");
    const since = sinceRaw == null || sinceRaw === "" ? { seq: 0 } : parseResumeToken(sinceRaw);
    if (!since) return badParam("since", "since must be a seq (integer >= 0) or <epoch>:<seq>");
    const epochRaw = q.get("epoch");
    if (epochRaw != null && !EPOCH_RE.test(epochRaw)) return badParam("epoch", "epoch must be 1-64 of A-Za-z0-9_-");
    const limitRaw = q.get("limit");
    const limit = limitRaw == null || limitRaw === "" ? HISTORY_DEFAULT_LIMIT : Number(limitRaw);
    if (!/^\d*$/.test(limitRaw ?? "") || !Number.isInteger(limit) || limit < 1 || limit > HISTORY_MAX_LIMIT) {
      return badParam("limit", `limit must be an integer from 1 to ${HISTORY_MAX_LIMIT}`);
    }
    const topics = parseTopicsParam(q.get("topics"));
    if (!topics.ok) return badParam(topics.parameter, topics.error.message, topics.error.code);
    const refused = d.authorizeTopics?.(c, topics.value, "subscribe");
    if (refused) return refused;
    const filter = parseFilterParams(q);
    if (!filter.ok) return badParam(filter.parameter, filter.error.message);
    const epoch = epochRaw ?? since.epoch;
    let page: Awaited<ReturnType<Bus["history"]>>;
    try {
      page = await d.bus.history({
        after: since.seq,
        patterns: topics.value,
        limit,
        ...(epoch !== undefined ? { epoch } : {}),
        ...(filter.value ? { filter: filter.value } : {}),
      });
    } catch (e) {
      if (e instanceof BusUnavailableError)
        return errorResponse(503, "unavailable", "the history is unavailable; retry later");
      throw e;
    }
    // The stored wire JSON is reused as is: no event is serialized again.
    const json = encodeHistoryPage(
      {
        truncated: page.truncated,
        has_more: page.hasMore,
        next_since: page.nextAfter,
        epoch: page.epoch,
        current_seq: page.currentSeq,
      },
      page.events.map((e) => e.json),
    );
    return new Response(json, {
      headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
    });
  };
}
