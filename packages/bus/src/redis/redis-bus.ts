/**
 * The "redis" engine: several hub instances share one Redis. A Lua script assigns seqs from one
 * counter, appends to one Stream and notifies every instance in one atomic step; each instance
 * delivers the shared sequence to its listeners in order and without gaps (live feed), answers
 * history from the Stream (and a memory window of what it delivered), and trims by age.
 * Durability: an acknowledged publish is as durable as Redis makes it — run Redis with
 * `appendonly yes` and `appendfsync always` (or `everysec`, accepting up to 1 s of loss).
 */
import type { PublishableEvent } from "@tickerwire/protocol";
import { newEpoch } from "../epoch.ts";
import { createGroupCommit } from "../group-commit.ts";
import { type PublishRequest, preparePublish } from "../publish-group.ts";
import type { Bus, BusInfo, HistoryPage, HistoryQuery, PublishResult } from "../types.ts";
import { BusClosedError, BusUnavailableError } from "../types.ts";
import { CheckpointStore } from "./checkpoints.ts";
import { createRedisClient, Link } from "./connection.ts";
import { busState } from "./health.ts";
import { readRedisHistory } from "./history.ts";
import { LiveFeed } from "./live-feed.ts";
import { type RedisBusOptions, redactUrl, redisKeys, resolveRedisBusOptions } from "./options.ts";
import { ProjectionKeeper } from "./projection-keeper.ts";
import { PublishRunner } from "./publish-runner.ts";
import { trimStream } from "./retention.ts";
import { StreamReader } from "./stream.ts";

export const REDIS_ENGINE = "redis";

export interface RedisBus extends Bus {
  readonly instanceId: string;
  /** Trims the stream by age now (normally periodic). */
  runRetention(): Promise<{ deletedEvents: number }>;
  /** Compares with the shared seq now and fetches what a lost notification left behind (normally periodic). */
  sync(): Promise<void>;
}

const unavailable = (what: string, e: unknown) =>
  e instanceof BusUnavailableError
    ? e
    : new BusUnavailableError(`${what}: ${(e as Error)?.message ?? String(e)}`, { cause: e });

/**
 * Connects to Redis (waiting up to `connectTimeoutMs`), loads or creates the epoch, subscribes to
 * notifications, and returns the bus. Throws BusUnavailableError when Redis cannot be reached.
 * @example const bus = await createRedisBus({ url: "redis://127.0.0.1:6379", instanceId: "hub-a" });
 */
export async function createRedisBus(options: RedisBusOptions): Promise<RedisBus> {
  const o = resolveRedisBusOptions(options);
  const keys = redisKeys(o.keyPrefix);
  const url = redactUrl(o.url);
  let feed: LiveFeed | undefined;
  const cmd = new Link(createRedisClient(o, "commands"), "commands", o, () => void feed?.sync());
  // ioredis resubscribes right after "ready": sync a moment later so nothing published meanwhile is missed.
  const sub = new Link(createRedisClient(o, "subscriber"), "subscriber", o, () => {
    setTimeout(() => void feed?.sync(), 50).unref?.();
  });
  const stream = new StreamReader(cmd.client, keys);

  let epoch: string;
  let keeper: ProjectionKeeper | undefined;
  try {
    await cmd.open(o.connectTimeoutMs);
    await cmd.client.set(keys.epoch, newEpoch(o.random), "NX");
    epoch = (await cmd.client.get(keys.epoch)) as string;
    feed = await LiveFeed.open(o, keys, stream, epoch);
    if (o.projection) {
      // Before anything is delivered live: the projection is the first listener, at the feed's start.
      keeper = new ProjectionKeeper(
        o.projection,
        new CheckpointStore(cmd.client, keys.checkpoint, epoch),
        // Each publish trims the stream to about maxEvents: checkpoint well before that many.
        Math.min(o.checkpointEvery, Math.max(1, Math.floor(o.maxEvents / 4))),
        o.logger,
      );
      await keeper.restore(stream, feed.sequencer.delivered);
      feed.onEvents(keeper.onBatch);
    }
    sub.client.on("message", feed.handleNotification);
    await sub.open(o.connectTimeoutMs);
    await sub.client.subscribe(keys.notify);
    await feed.sync(); // anything published between reading the counter and subscribing
  } catch (e) {
    await feed?.close();
    await Promise.all([cmd.close(), sub.close()]);
    throw unavailable(`cannot start the Redis bus at ${url}`, e);
  }
  const live = feed;
  const seq = live.sequencer;
  let closed = false;
  let closing: Promise<void> | undefined;

  const runner = new PublishRunner({ o, keys, epoch, redis: cmd.client, stream, sequencer: seq });
  const groupCommit = createGroupCommit<PublishRequest, PublishResult>({
    commit: (requests) => {
      if (!cmd.isReady) throw new BusUnavailableError(`Redis at ${url} is unreachable: nothing was published`);
      return runner.commit(requests);
    },
  });

  async function runRetention(): Promise<{ deletedEvents: number }> {
    if (closed) throw new BusClosedError();
    try {
      // The checkpoint first: a trim must never take events the checkpoint does not hold yet.
      await keeper?.checkpoint();
      const r = await trimStream(cmd.client, keys, stream, {
        now: o.now(),
        maxAgeMs: o.maxAgeMs,
        maxEvents: o.maxEvents,
        maxStep: o.retentionStep,
      });
      live.trimmed(r.oldestSeq, r.lastSeq);
      return { deletedEvents: r.deletedEvents };
    } catch (e) {
      throw unavailable("retention failed", e);
    }
  }

  const timers = [
    setInterval(() => void live.sync(), o.syncIntervalMs),
    setInterval(() => {
      runRetention().catch((e) => o.logger.warn?.("bus: retention failed", { error: String(e) }));
    }, o.retentionIntervalMs),
  ];
  for (const t of timers) t.unref?.();
  o.logger.info?.("bus: connected to Redis", {
    url,
    keyPrefix: o.keyPrefix,
    epoch,
    instanceId: o.instanceId,
    seq: seq.delivered,
  });

  const bus: RedisBus = {
    engine: REDIS_ENGINE,
    epoch,
    instanceId: o.instanceId,
    currentSeq: () => seq.delivered,

    publish(events: readonly PublishableEvent[], opts = {}) {
      const request = preparePublish(events, opts, closed || closing !== undefined);
      return request instanceof Promise ? request : groupCommit.submit(request);
    },

    async history(q: HistoryQuery): Promise<HistoryPage> {
      if (closed) throw new BusClosedError();
      try {
        return await readRedisHistory(
          {
            epoch,
            window: live.window,
            delivered: () => seq.delivered,
            cachedOldestSeq: () => live.oldestSeq,
            oldestSeq: async () => (live.oldestSeq = await stream.oldestSeq()),
            rowsAfter: (after, to, max) => stream.rowsAfter(after, to, max),
            async catchUpTo(target) {
              const shared = await stream.sharedSeq().catch(() => seq.tip);
              seq.noteTip(shared);
              await seq.waitFor(Math.min(target, shared), o.deliveryWaitMs);
            },
          },
          q,
        );
      } catch (e) {
        throw unavailable(`cannot read history from Redis at ${url}`, e);
      }
    },

    onEvents: (listener) => live.onEvents(listener),

    info(): BusInfo {
      const commands = cmd.state();
      const subscriber = sub.state();
      const epochProblem = live.storedEpoch !== null && live.storedEpoch !== epoch;
      const problem = epochProblem || runner.failing;
      return {
        engine: REDIS_ENGINE,
        epoch,
        currentSeq: seq.delivered,
        oldestSeq: live.oldestSeq,
        size: live.streamLength,
        state: busState({ closed, commands, subscriber, stalled: seq.isStalled, problem }),
        details: {
          instanceId: o.instanceId,
          redis: closed ? "down" : commands,
          subscriber: closed ? "down" : subscriber,
          url,
          keyPrefix: o.keyPrefix,
          streamLength: live.streamLength,
          sharedSeq: seq.tip,
          windowSize: live.window.capacity,
          windowEvents: live.window.size,
          maxEvents: o.maxEvents,
          maxAgeMs: o.maxAgeMs,
          idempotencyTtlMs: o.idempotencyTtlMs,
          pendingPublishes: groupCommit.pending + groupCommit.inFlight,
          ...(epochProblem ? { storedEpoch: live.storedEpoch } : {}),
          ...(runner.lastError ? { lastError: runner.lastError } : {}),
        },
      };
    },

    runRetention,
    sync: () => live.sync(),

    close() {
      closing ??= (async () => {
        // Publishes already handed to us finish (or fail) as usual.
        groupCommit.flush();
        await groupCommit.settled();
        closed = true;
        for (const t of timers) clearInterval(t);
        await keeper?.checkpoint();
        await live.close();
        await Promise.all([sub.close(), cmd.close()]);
      })();
      return closing;
    },
  };
  return bus;
}
