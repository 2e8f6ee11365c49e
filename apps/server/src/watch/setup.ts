/**
 * Builds the watch from the server's configuration: its store follows the bus (a SQLite file
 * beside the log for the local engine, the bus's Redis for several instances); its ledger is the
 * hub's desk state when the caller brings it, else a desk state of its own (DESK_STATE=off).
 */
import { hostname } from "node:os";
import type { Bus } from "@tickerwire/bus";
import type { Config } from "../config.ts";
import type { Logger } from "../logger.ts";
import { ownDeskLedger } from "./ledger/desk-ledger.ts";
import type { LedgerSource } from "./ledger/ledger-view.ts";
import { createRedisWatchStore } from "./store/redis-store.ts";
import { createSqliteWatchStore, watchDbPath } from "./store/sqlite-store.ts";
import type { WatchStore } from "./store/watch-store.ts";
import { startWatch, type Watch } from "./watch.ts";

export interface WatchSetupOptions {
  ledger?: LedgerSource;
  now?: () => number;
  fetch?: typeof fetch;
  tickMs?: number;
}

export function instanceName(config: Pick<Config, "server">): string {
  return config.server.instanceId ?? `${hostname()}-${process.pid}`;
}

export async function createWatchStore(config: Config, logger: Logger): Promise<WatchStore> {
  if (config.bus.engine === "redis") {
    return createRedisWatchStore({
      url: config.bus.redisUrl,
      keyPrefix: config.bus.redisKeyPrefix,
      instanceId: instanceName(config),
      logger,
    });
  }
  return createSqliteWatchStore(watchDbPath(config.bus.dbPath));
}

export async function setupWatch(config: Config, bus: Bus, logger: Logger, o: WatchSetupOptions = {}): Promise<Watch> {
  const store = await createWatchStore(config, logger);
  try {
    return await startWatch({
      bus,
      store,
      config: config.watch,
      ledger: o.ledger ?? ownDeskLedger(),
      logger,
      instanceId: instanceName(config),
      ...(o.now ? { now: o.now } : {}),
      ...(o.fetch ? { fetch: o.fetch } : {}),
      ...(o.tickMs ? { tickMs: o.tickMs } : {}),
    });
  } catch (e) {
    await store.close();
    throw e;
  }
}
