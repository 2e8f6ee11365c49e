/** Writes the watch's JSON files (ALERT_RULES, WEBHOOKS) for a hub under test, in a temp dir of their own. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface WatchFiles {
  write(name: string, content: unknown): string;
  dispose(): void;
}

export function watchFiles(): WatchFiles {
  const dir = mkdtempSync(join(tmpdir(), "tw-watch-e2e-"));
  return {
    write(name, content) {
      const path = join(dir, name);
      writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content, null, 2));
      return path;
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A system alert as a publisher POSTs it. */
export const alert = (message: string, severity = "warning") => ({
  topic: "system.alert",
  data: { message, severity },
});

/** A closed trade as a publisher POSTs it. */
export const closedTrade = (strategy: string, pnl: number, id: string) => ({
  topic: "trade.closed",
  data: { trade_id: id, strategy_name: strategy, entry_price: 10_000, exit_price: 10_000 + pnl, pnl },
});
