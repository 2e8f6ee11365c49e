/** Counts a limit rejection for /metrics and logs it — at most once per limit per 10 s, so a flood cannot flood the log. */

import type { LimitName, LimitRejections } from "../limits/rejections.ts";
import type { Logger } from "../logger.ts";

export type NoteRejection = (limit: LimitName, fields: Record<string, unknown>) => void;

export function createRejectionLog(
  counts: LimitRejections,
  logger: Logger,
  now: () => number = Date.now,
): NoteRejection {
  const lastLog = new Map<LimitName, { at: number; count: number }>();
  return (limit, fields) => {
    counts[limit]++;
    const t = now();
    const last = lastLog.get(limit);
    if (last && t - last.at < 10_000) return;
    lastLog.set(limit, { at: t, count: counts[limit] });
    logger.warn("limits: rejected", {
      limit,
      ...fields,
      since_last_log: counts[limit] - (last?.count ?? 0),
      total: counts[limit],
    });
  };
}
