/**
 * SIGINT/SIGTERM → graceful stop, then exit 0. A second signal, or a stop that takes too long,
 * exits 1 at once.
 */
import type { Logger } from "./logger.ts";

export interface ShutdownOptions {
  logger: Logger;
  signals?: readonly NodeJS.Signals[];
  /** Longest a graceful stop may take before the process exits anyway (default 15 s). */
  timeoutMs?: number;
  exit?: (code: number) => void;
  on?: (signal: NodeJS.Signals, handler: () => void) => void;
}

export function installShutdownHandlers(stop: () => Promise<void>, o: ShutdownOptions): void {
  const exit = o.exit ?? ((code: number) => process.exit(code));
  const on = o.on ?? ((s, h) => void process.on(s, h));
  let stopping = false;
  for (const signal of o.signals ?? (["SIGINT", "SIGTERM"] as const)) {
    on(signal, () => {
      if (stopping) {
        o.logger.warn("shutdown: second signal, exiting now", { signal });
        exit(1);
        return;
      }
      stopping = true;
      o.logger.info("shutdown: signal received", { signal });
      const timer = setTimeout(() => {
        o.logger.error("shutdown: graceful stop timed out");
        exit(1);
      }, o.timeoutMs ?? 15_000);
      stop().then(
        () => {
          clearTimeout(timer);
          exit(0);
        },
        (e: unknown) => {
          clearTimeout(timer);
          o.logger.error("shutdown: stop failed", { error: e });
          exit(1);
        },
      );
    });
  }
}
