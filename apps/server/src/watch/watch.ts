/**
 * The operators' watch: engine liveness, alert rules and webhooks, run by the hub itself.
 * Every instance folds the ledger from the committed batches and records the engines it sees;
 * one instance — the holder of the leader lease (always, on the local engine) — evaluates the
 * rules, fires their alerts (exactly once: firing.ts) and delivers the webhooks. Every `tickMs`
 * each instance flushes its engine sightings and renews or takes the lease; the leader then
 * checks liveness and the time-dependent rules.
 */
import type { Bus, StoredEvent, Unsubscribe } from "@tickerwire/bus";
import type { EngineStatus, WatchStatus } from "@tickerwire/protocol";
import type { Logger } from "../logger.ts";
import type { WatchConfig } from "./config/watch-config.ts";
import { Firing } from "./firing.ts";
import type { LedgerSource } from "./ledger/ledger-view.ts";
import { EngineWatch } from "./liveness/engine-watch.ts";
import { EventLane } from "./rules/event-lane.ts";
import { closesTrades, RuleEngine } from "./rules/rule-engine.ts";
import type { WatchStore } from "./store/watch-store.ts";
import type { BackoffOptions } from "./webhooks/backoff.ts";
import { Webhooks } from "./webhooks/webhooks.ts";

export interface WatchDeps {
  bus: Bus;
  store: WatchStore;
  config: WatchConfig;
  ledger: LedgerSource;
  logger: Logger;
  /** Names this instance in the lease. */
  instanceId: string;
  now?: () => number;
  fetch?: typeof fetch;
  random?: () => number;
  tickMs?: number;
  leaseMs?: number;
  /** Webhook retry delays (tests make them short). */
  webhookBackoff?: BackoffOptions;
}

export interface Watch {
  /** A sign of life from an engine (a publish of `events` events, or a heartbeat with 0). */
  sawEngine(engine: string, intervalMs: number | undefined, events: number): void;
  /** The engine as last evaluated (after a heartbeat: up until the next tick says otherwise). */
  engine(name: string): EngineStatus | undefined;
  status(): WatchStatus;
  /** Alerts this instance published, by rule id. */
  readonly firedByRule: ReadonlyMap<string, number>;
  /** Runs one tick now (tests). */
  tick(): Promise<void>;
  /** Resolves once no tick and no alert is in flight (tests). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export async function startWatch(d: WatchDeps): Promise<Watch> {
  const now = d.now ?? Date.now;
  const random = d.random ?? Math.random;
  const tickMs = d.tickMs ?? 500;
  const leaseMs = d.leaseMs ?? 5_000;
  const { bus, store, logger } = d;
  const owner = `${d.instanceId}:${crypto.randomUUID()}`;
  const storeId = await store.initMeta("id", crypto.randomUUID().slice(0, 8));
  const firedByRule = new Map<string, number>();
  const firing = new Firing({
    bus,
    store,
    logger,
    storeId,
    onFired: (rule) => firedByRule.set(rule, (firedByRule.get(rule) ?? 0) + 1),
  });
  const rules = new RuleEngine(d.config.rules, firing, d.ledger.view, now);
  const lane = new EventLane({ engine: rules, firing, store, bus, logger });
  const hooks = new Webhooks({
    endpoints: d.config.webhooks,
    bus,
    store,
    logger,
    fetch: d.fetch ?? fetch,
    now,
    random,
    ...(d.webhookBackoff ? { backoff: d.webhookBackoff } : {}),
  });
  const liveness = new EngineWatch(
    store,
    { defaultIntervalMs: d.config.livenessIntervalMs, graceFactor: d.config.graceFactor },
    now,
  );

  let leader = false;
  let live = 0;
  let ledgerSeq = 0;
  let buffered: (readonly StoredEvent[])[] | null = [];
  /** Batches committed while this instance was taking the lead (its fired states not loaded yet). */
  let starting: (readonly StoredEvent[])[] | null = null;

  function onBatch(batch: readonly StoredEvent[]): void {
    const last = batch[batch.length - 1];
    if (!last) return;
    live = last.seq;
    if (buffered) {
      buffered.push(batch);
      return;
    }
    if (last.seq > ledgerSeq) {
      d.ledger.apply(batch[0]!.seq > ledgerSeq ? batch : batch.filter((e) => e.seq > ledgerSeq));
      ledgerSeq = last.seq;
    }
    hooks.onBatch(batch);
    if (starting) starting.push(batch);
    else if (leader) evaluate(batch);
  }
  function evaluate(batch: readonly StoredEvent[]): void {
    lane.onBatch(batch);
    if (closesTrades(batch)) rules.evaluateLedger();
  }
  const unsubscribe: Unsubscribe = bus.onEvents(onBatch);
  // Catch the ledger up with the history, then the batches that arrived meanwhile.
  ledgerSeq = await d.ledger.catchUp(bus);
  const early = buffered;
  buffered = null;
  for (const b of early) onBatch(b);
  live = Math.max(live, bus.currentSeq());

  async function becomeLeader(): Promise<void> {
    await firing.load();
    await liveness.resume();
    await lane.start(live);
    await hooks.start(live);
    if (store.kind === "redis") {
      logger.info("watch: this instance leads (rules, liveness, webhooks)", { instance: d.instanceId });
    }
  }

  let ticking: Promise<void> | null = null;
  let stopped = false;
  let warned = false;
  async function runTick(): Promise<void> {
    const held = await store.holdLease(owner, leaseMs);
    if (held && !leader) {
      // Rules are evaluated only against loaded fired states: batches wait until they are.
      starting = [];
      try {
        await becomeLeader();
      } catch (e) {
        starting = null;
        hooks.stop();
        throw e;
      }
      const waiting = starting;
      starting = null;
      leader = true;
      for (const b of waiting) evaluate(b);
    } else if (!held && leader) {
      leader = false;
      hooks.stop();
      logger.info("watch: this instance stands by (another leads)", { instance: d.instanceId });
    }
    await liveness.refresh();
    if (!leader) return;
    rules.evaluateEngines(liveness.engines);
    rules.evaluateLedger();
    await lane.tick();
    await hooks.tick();
    await liveness.watched();
  }
  const tick = (): Promise<void> => {
    ticking ??= runTick()
      .then(
        () => {
          if (warned) logger.info("watch: working again");
          warned = false;
        },
        (e: unknown) => {
          if (!warned) logger.warn("watch: tick failed; retrying", { error: e });
          warned = true;
        },
      )
      .finally(() => {
        ticking = null;
      });
    return ticking;
  };
  await tick();
  const timer = setInterval(() => {
    if (!stopped) void tick();
  }, tickMs);

  return {
    firedByRule,
    sawEngine(engine, intervalMs, events) {
      liveness.saw(engine, intervalMs, events);
    },
    engine(name) {
      return liveness.engines.find((e) => e.engine === name);
    },
    status() {
      return {
        role: leader ? "leader" : "standby",
        engines: liveness.engines,
        rules: rules.status(),
        webhooks: hooks.status(),
      };
    },
    tick,
    async idle() {
      await ticking;
      await firing.settled();
      await lane.settled();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      unsubscribe();
      hooks.stop();
      await ticking;
      await Promise.race([Promise.all([firing.settled(), lane.settled()]), Bun.sleep(2_000)]);
      try {
        await liveness.flush();
        if (leader) await store.releaseLease(owner);
      } catch (e) {
        logger.warn("watch: could not save its last state", { error: e });
      }
      await store.close();
    },
  };
}
