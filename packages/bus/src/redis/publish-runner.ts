/**
 * Runs one group of publish calls through the publish script: splits it into scripts of bounded
 * size (sent back to back on one connection, so they run in order), turns each reply into the
 * caller's result (new events, the original events of a retried key, or a conflict), hands new
 * events to the sequencer, and resolves once this instance's listeners have them.
 */
import type Redis from "ioredis";
import type { Outcome } from "../group-commit.ts";
import type { PublishRequest } from "../publish-group.ts";
import { stamp } from "../publish-group.ts";
import { BusUnavailableError, IdempotencyConflictError, type PublishResult, type StoredEvent } from "../types.ts";
import { type RedisKeys, type ResolvedRedisBusOptions, redactUrl } from "./options.ts";
import { epochMismatch, PUBLISH_LUA, parseScriptReply, type ScriptOutcome, scriptArgs } from "./publish-script.ts";
import type { Sequencer } from "./sequencer.ts";
import type { StreamReader } from "./stream.ts";

export interface PublishRunnerDeps {
  o: ResolvedRedisBusOptions;
  keys: RedisKeys;
  epoch: string;
  redis: Redis;
  stream: StreamReader;
  sequencer: Sequencer;
}

type RedisWithScript = Redis & { twPublish(...args: (string | number)[]): Promise<unknown> };

/** Splits a group into chunks of at most `max` events; one request is never split. */
export function chunkRequests<R extends { events: readonly unknown[] }>(requests: readonly R[], max: number): R[][] {
  const chunks: R[][] = [];
  let current: R[] = [];
  let size = 0;
  for (const r of requests) {
    if (current.length > 0 && size + r.events.length > max) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(r);
    size += r.events.length;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

export class PublishRunner {
  /** The last publish failure, cleared by the next success (`info().details.lastError`). */
  lastError: string | undefined;
  private readonly redis: RedisWithScript;

  constructor(private readonly d: PublishRunnerDeps) {
    // EVALSHA, falling back to EVAL when Redis lost its script cache (e.g. after a restart).
    d.redis.defineCommand("twPublish", { lua: PUBLISH_LUA });
    this.redis = d.redis as RedisWithScript;
  }

  get failing(): boolean {
    return this.lastError !== undefined;
  }

  async commit(requests: readonly PublishRequest[]): Promise<Outcome<PublishResult>[]> {
    const now = this.d.o.now();
    const results = await Promise.all(chunkRequests(requests, this.d.o.maxScriptEvents).map((c) => this.run(c, now)));
    const outcomes = results.flat();
    let newest = 0;
    for (const out of outcomes) {
      if (out.ok && !out.value.duplicate) newest = Math.max(newest, out.value.events.at(-1)?.seq ?? 0);
    }
    // Like the local engine: resolve once our own listeners have the events (bounded: they are
    // durable already, so a slow catch-up only delays delivery, never the answer for long).
    if (newest > 0 && !(await this.d.sequencer.waitFor(newest, this.d.o.deliveryWaitMs))) {
      this.d.o.logger.warn?.("bus: published events not yet delivered locally", { seq: newest });
    }
    return outcomes;
  }

  private async run(requests: readonly PublishRequest[], now: number): Promise<Outcome<PublishResult>[]> {
    const { o, keys, epoch, sequencer } = this.d;
    let outcomes: ScriptOutcome[];
    try {
      const args = scriptArgs(requests, {
        keys,
        epoch,
        floorSeq: sequencer.tip,
        now,
        maxEvents: o.maxEvents,
        idempotencyTtlMs: o.idempotencyTtlMs,
        notifyMaxBytes: o.notifyMaxBytes,
      });
      outcomes = parseScriptReply(await this.redis.twPublish(...args), requests.length);
      this.lastError = undefined;
    } catch (e) {
      const error = this.failure(e);
      this.lastError = error.message;
      o.logger.error?.("bus: publish to Redis failed", { error: error.message });
      return requests.map(() => ({ ok: false, error }));
    }
    const timestamp = new Date(now).toISOString();
    return Promise.all(
      requests.map(async (req, i): Promise<Outcome<PublishResult>> => {
        const out = outcomes[i]!;
        if (out.kind === "conflict") {
          const msg = `idempotency key "${req.key}" was already used with a different request; nothing was published`;
          return { ok: false, error: new IdempotencyConflictError(msg) };
        }
        if (out.kind === "duplicate")
          return { ok: true, value: { events: await this.original(req, out), duplicate: true } };
        const events = req.events.map((e, j) => stamp(e, out.first + j, timestamp));
        sequencer.offer(events);
        return { ok: true, value: { events, duplicate: false } };
      }),
    );
  }

  /** The events a key's first request got: from the stream, or rebuilt if they were trimmed. */
  private async original(
    req: PublishRequest,
    out: { first: number; last: number; created: number },
  ): Promise<StoredEvent[]> {
    const held = await this.d.stream.events(out.first, out.last).catch(() => []);
    const count = out.last - out.first + 1;
    if (held.length === count && held.every((e, i) => e.seq === out.first + i)) return held;
    // Same hash means same events; the first request's timestamp was the key's `created`.
    const ts = new Date(out.created).toISOString();
    return req.events.map((e, i) => stamp(e, out.first + i, ts));
  }

  private failure(e: unknown): BusUnavailableError {
    const url = redactUrl(this.d.o.url);
    const other = epochMismatch(e);
    if (other) {
      return new BusUnavailableError(
        `the Redis store at ${url} holds another history (epoch ${other}, this instance has ${this.d.epoch}): restart this instance; nothing was published`,
        { cause: e },
      );
    }
    const msg = (e as Error)?.message ?? String(e);
    // ioredis refuses a command up front while disconnected (no offline queue): nothing was sent.
    if (/enableOfflineQueue/.test(msg)) {
      return new BusUnavailableError(`Redis at ${url} is unreachable: nothing was published`, { cause: e });
    }
    return new BusUnavailableError(
      `publishing to Redis at ${url} failed (${msg}); the events may or may not have been stored: retry, with an Idempotency-Key to be safe`,
      { cause: e },
    );
  }
}
