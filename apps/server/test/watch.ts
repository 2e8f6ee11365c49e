/**
 * The watch in-process for tests: a local bus and watch store in a temp dir (or memory), a
 * clock the test moves, manual ticks, and restart on the same files.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Bus, createLocalBus } from "@tickerwire/bus";
import type { AlertEvent, PublishableEvent } from "@tickerwire/protocol";
import { TOPICS } from "@tickerwire/protocol";
import { createLogger, silentLogger } from "../src/logger.ts";
import { type Rule, withDefaultRules } from "../src/watch/config/rule-file.ts";
import type { WatchConfig } from "../src/watch/config/watch-config.ts";
import type { WebhookEndpoint } from "../src/watch/config/webhook-file.ts";
import { ownDeskLedger } from "../src/watch/ledger/desk-ledger.ts";
import { createSqliteWatchStore, watchDbPath } from "../src/watch/store/sqlite-store.ts";
import type { WatchStore } from "../src/watch/store/watch-store.ts";
import { startWatch, type Watch } from "../src/watch/watch.ts";

export function closed(
  strategy: string,
  pnl: number,
  id = `t-${Math.random().toString(36).slice(2, 8)}`,
): PublishableEvent {
  return {
    type: "trade_closed",
    topic: TOPICS.tradeClosed,
    data: { trade_id: id, strategy_name: strategy, entry_price: 10_000, exit_price: 10_000 + pnl, pnl },
  };
}

export function rollback(strategy: string, message = "v3 -> v2"): PublishableEvent {
  return {
    type: "alert",
    topic: TOPICS.rollback,
    data: { message, strategy_name: strategy, severity: "warning", kind: "rollback" },
  };
}

/** The hub's own alerts in the bus history (optionally of one rule), in seq order. */
export async function ruleAlerts(bus: Bus, ruleId?: string): Promise<AlertEvent[]> {
  const page = await bus.history({ after: 0, patterns: [TOPICS.systemAlert], limit: 1000 });
  return page.events.filter(
    (e): e is AlertEvent & typeof e =>
      e.type === "alert" && e.data.rule_id !== undefined && (ruleId === undefined || e.data.rule_id === ruleId),
  );
}

export function watchConfig(
  rules: Rule[],
  webhooks: WebhookEndpoint[] = [],
  o: Partial<WatchConfig> = {},
): WatchConfig {
  return { rules: withDefaultRules(rules), webhooks, livenessIntervalMs: null, graceFactor: 3, ...o };
}

export interface TestWatchOptions {
  config: WatchConfig;
  /** Keep the files in this dir (restarts); default: a new temp dir. */
  dir?: string;
  fetch?: typeof fetch;
  /** Wrap the store (fault injection). */
  wrapStore?: (s: WatchStore) => WatchStore;
  start?: number;
}

export interface TestWatch {
  bus: Bus;
  watch: Watch;
  dir: string;
  clock: { now: number; advance(ms: number): void };
  publish(...events: PublishableEvent[]): Promise<number[]>;
  /** A tick, then waits for every alert it started. */
  tick(): Promise<void>;
  /** Stops the watch and the bus, keeping the files. */
  stop(): Promise<void>;
  /** stop(), then removes the files. */
  dispose(): Promise<void>;
}

export async function startTestWatch(o: TestWatchOptions): Promise<TestWatch> {
  const dir = o.dir ?? mkdtempSync(join(tmpdir(), "tw-watch-"));
  const clock = {
    now: o.start ?? Date.UTC(2026, 0, 19, 10, 0, 0),
    advance(ms: number) {
      clock.now += ms;
    },
  };
  const now = () => clock.now;
  const busPath = join(dir, "hub.db");
  const bus = createLocalBus({ path: busPath, now });
  const raw = createSqliteWatchStore(watchDbPath(busPath));
  const store = o.wrapStore ? o.wrapStore(raw) : raw;
  const watch = await startWatch({
    bus,
    store,
    config: o.config,
    ledger: ownDeskLedger(),
    logger: process.env.TW_DEBUG ? createLogger({ level: "debug" }) : silentLogger,
    instanceId: "test",
    now,
    tickMs: 3_600_000, // ticks are the test's to run
    webhookBackoff: { baseMs: 20, maxMs: 100 },
    ...(o.fetch ? { fetch: o.fetch } : {}),
  });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await watch.stop();
    await bus.close();
  };
  return {
    bus,
    watch,
    dir,
    clock,
    async publish(...events) {
      const r = await bus.publish(events);
      await watch.idle();
      return r.events.map((e) => e.seq);
    },
    async tick() {
      await watch.tick();
      await watch.idle();
    },
    stop,
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
