/**
 * Turns one group of publish calls into what to store and what to answer: seqs and the timestamp
 * assigned in call order, each event serialized once, idempotency keys judged (a retry gets the
 * original events, a reused key with another request a conflict). Pure apart from the lookups.
 */
import type { HubEvent, PublishableEvent } from "@tickerwire/protocol";
import { encodeEvent } from "@tickerwire/protocol";
import type { Outcome } from "./group-commit.ts";
import { type IdempotencyRecord, judgeIdempotency, requestHash } from "./idempotency.ts";
import type { KeyRow } from "./sqlite-log.ts";
import {
  BusClosedError,
  IdempotencyConflictError,
  type PublishOptions,
  type PublishResult,
  type StoredEvent,
} from "./types.ts";

export interface PublishRequest {
  events: PublishableEvent[];
  key?: string;
  /** `requestHash(events)`, computed when the call was made (only with a key). */
  hash?: string;
}

export interface GroupContext {
  /** The seq the first new event gets. */
  firstSeq: number;
  /** Clock reading for the whole group: every event's timestamp, every key's `created`. */
  now: number;
  ttlMs: number;
  lookupKey(key: string): IdempotencyRecord | undefined;
  /** Stored events with first <= seq <= last (fewer if retention deleted some). */
  eventsBetween(first: number, last: number): StoredEvent[];
}

export interface GroupPlan {
  /** New events of the whole group, in seq order: one transaction. */
  toStore: StoredEvent[];
  keys: KeyRow[];
  /** Each new call's events, in call order: what listeners get once durable. */
  published: StoredEvent[][];
  /** One per request, in order. */
  outcomes: Outcome<PublishResult>[];
}

/** The wire event for a publishable one, with its JSON made once. */
export function stamp(e: PublishableEvent, seq: number, timestamp: string): StoredEvent {
  // Built once with every field (json last), not spread into a copy: this runs per event.
  const stored = { type: e.type, seq, topic: e.topic, timestamp, data: e.data, json: "" } as HubEvent & {
    json: string;
  };
  stored.json = encodeEvent(stored);
  return stored;
}

/** The events a key's first request got: from the log, or rebuilt if retention removed them. */
function originalEvents(record: IdempotencyRecord, request: PublishRequest, ctx: GroupContext): StoredEvent[] {
  const first = record.seqs[0];
  const last = record.seqs[record.seqs.length - 1];
  if (first !== undefined && last !== undefined) {
    const held = ctx.eventsBetween(first, last);
    if (held.length === record.seqs.length && held.every((e, i) => e.seq === record.seqs[i])) return held;
  }
  // Same hash means same events; the group's timestamp was the key's `created`.
  const ts = new Date(record.created).toISOString();
  return request.events.map((e, i) => stamp(e, record.seqs[i] ?? 0, ts));
}

export function buildGroup(requests: readonly PublishRequest[], ctx: GroupContext): GroupPlan {
  const timestamp = new Date(ctx.now).toISOString();
  const plan: GroupPlan = { toStore: [], keys: [], published: [], outcomes: [] };
  const inGroup = new Map<string, { hash: string; events: StoredEvent[] }>();
  let seq = ctx.firstSeq;
  for (const req of requests) {
    if (req.key !== undefined && req.hash !== undefined) {
      const earlier = inGroup.get(req.key);
      const verdict = earlier
        ? earlier.hash === req.hash
          ? ({ kind: "same-group" } as const)
          : ({ kind: "conflict" } as const)
        : judgeIdempotency(ctx.lookupKey(req.key), req.hash, ctx.now, ctx.ttlMs);
      if (verdict.kind === "conflict") {
        const error = new IdempotencyConflictError(
          `idempotency key "${req.key}" was already used with a different request; nothing was published`,
        );
        plan.outcomes.push({ ok: false, error });
        continue;
      }
      if (verdict.kind === "same-group" && earlier) {
        plan.outcomes.push({ ok: true, value: { events: earlier.events, duplicate: true } });
        continue;
      }
      if (verdict.kind === "duplicate") {
        plan.outcomes.push({ ok: true, value: { events: originalEvents(verdict.record, req, ctx), duplicate: true } });
        continue;
      }
    }
    const events = req.events.map((e) => stamp(e, seq++, timestamp));
    plan.toStore.push(...events);
    plan.published.push(events);
    plan.outcomes.push({ ok: true, value: { events, duplicate: false } });
    if (req.key !== undefined && req.hash !== undefined) {
      inGroup.set(req.key, { hash: req.hash, events });
      plan.keys.push({ key: req.key, requestHash: req.hash, seqs: events.map((e) => e.seq), created: ctx.now });
    }
  }
  return plan;
}

/**
 * Checks one `publish` call the same way for every engine: a closed bus refuses, a malformed
 * idempotency key is a RangeError, an empty batch resolves at once; otherwise the request to queue
 * for the next group commit.
 */
export function preparePublish(
  events: readonly PublishableEvent[],
  opts: PublishOptions,
  closed: boolean,
): PublishRequest | Promise<PublishResult> {
  if (closed) return Promise.reject(new BusClosedError("the bus is closed: nothing was published"));
  const key = opts.idempotencyKey;
  if (key !== undefined && (typeof key !== "string" || key.length === 0 || key.length > 1_000)) {
    return Promise.reject(new RangeError("idempotencyKey must be a string of 1 to 1000 characters"));
  }
  if (events.length === 0) return Promise.resolve({ events: [], duplicate: false });
  const request: PublishRequest = { events: [...events] };
  if (key !== undefined) {
    request.key = key;
    request.hash = requestHash(events);
  }
  return request;
}
