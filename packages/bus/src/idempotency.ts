/**
 * Idempotent publish: a key remembers the hash of the request it came with and the seqs it got.
 * The same key with the same request is a retry (answer the original events); with a different
 * request it is a client bug (refuse it). Keys expire after a TTL.
 */
import { createHash } from "node:crypto";
import type { PublishableEvent } from "@tickerwire/protocol";

/** What the store remembers about a key. */
export interface IdempotencyRecord {
  requestHash: string;
  seqs: number[];
  /** When the request was committed (ms); also the timestamp its events were given. */
  created: number;
}

/** JSON with object keys sorted, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(",")}}`;
}

/** A short fingerprint of a publish request: the events' type, topic and data, in order. */
export function requestHash(events: readonly PublishableEvent[]): string {
  const body = canonicalJson(events.map((e) => ({ type: e.type, topic: e.topic, data: e.data })));
  return createHash("sha256").update(body).digest("base64url");
}

/** True once a record is older than the TTL (it is then forgotten, and the key is free again). */
export function isExpired(record: Pick<IdempotencyRecord, "created">, now: number, ttlMs: number): boolean {
  return now - record.created >= ttlMs;
}

export type IdempotencyVerdict =
  | { kind: "new" }
  | { kind: "duplicate"; record: IdempotencyRecord }
  | { kind: "conflict" };

/** Decides what a publish with a key means, given what (if anything) the key already holds. */
export function judgeIdempotency(
  existing: IdempotencyRecord | undefined,
  hash: string,
  now: number,
  ttlMs: number,
): IdempotencyVerdict {
  if (!existing || isExpired(existing, now, ttlMs)) return { kind: "new" };
  return existing.requestHash === hash ? { kind: "duplicate", record: existing } : { kind: "conflict" };
}
