/**
 * Decoding what Redis hands back: Stream entries (`XRANGE`) into history rows and stored events,
 * and notifications (pub/sub) into a seq range plus, when small enough, the events themselves.
 * The JSON was built by the publish script, so it is only parsed, not re-validated.
 */
import type { HubEvent } from "@tickerwire/protocol";
import type { ScanRow } from "../history-scan.ts";
import type { StoredEvent } from "../types.ts";

/** A Stream entry as a history row: seq and topic, the wire JSON parsed only if the topic matches. */
export interface EntryRow extends ScanRow {
  json: string;
  /** Event timestamp (ms), for retention by age. */
  ms: number;
}

/** One `XRANGE` entry: `[id, [field, value, ...]]`. */
type RawEntry = [string, string[]];

export function entryToRow(entry: RawEntry): EntryRow | undefined {
  const [id, fields] = entry;
  const seq = Number.parseInt(id, 10);
  let json: string | undefined;
  let topicJson: string | undefined;
  let ms = 0;
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const f = fields[i];
    if (f === "j") json = fields[i + 1];
    else if (f === "t") topicJson = fields[i + 1];
    else if (f === "ms") ms = Number(fields[i + 1]);
  }
  if (!Number.isSafeInteger(seq) || json === undefined || topicJson === undefined) return undefined;
  let topic: unknown;
  try {
    topic = JSON.parse(topicJson);
  } catch {
    return undefined;
  }
  return typeof topic === "string" ? { seq, topic, json, ms } : undefined;
}

/** Rows of an `XRANGE` reply, in order; malformed entries (not written by this engine) are skipped. */
export function entriesToRows(reply: unknown): EntryRow[] {
  if (!Array.isArray(reply)) return [];
  const rows: EntryRow[] = [];
  for (const entry of reply as RawEntry[]) {
    const row = Array.isArray(entry) && Array.isArray(entry[1]) ? entryToRow(entry) : undefined;
    if (row) rows.push(row);
  }
  return rows;
}

/** The stored event for a wire JSON string (kept as is: it is what sockets are sent). */
export function toStoredEvent(json: string): StoredEvent | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return undefined;
  }
  const e = parsed as Partial<HubEvent> | null;
  if (!e || typeof e !== "object" || !Number.isSafeInteger(e.seq) || typeof e.topic !== "string") return undefined;
  return { ...(e as HubEvent), json };
}

export function rowToEvent(row: EntryRow): StoredEvent | undefined {
  return toStoredEvent(row.json);
}

/** A notification: events `first..last` are in the stream; `lines` are their JSON when included. */
export interface Notification {
  first: number;
  last: number;
  lines: string[] | null;
}

/** Parses `"<first> <last>"` optionally followed by `\n` and one JSON per line. Null when malformed. */
export function parseNotification(payload: string): Notification | null {
  const nl = payload.indexOf("\n");
  const head = nl < 0 ? payload : payload.slice(0, nl);
  const m = /^(\d+) (\d+)$/.exec(head);
  if (!m) return null;
  const first = Number(m[1]);
  const last = Number(m[2]);
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(last) || first < 1 || last < first) return null;
  if (nl < 0) return { first, last, lines: null };
  // JSON.stringify never emits a raw newline, so lines split cleanly.
  const lines = payload.slice(nl + 1).split("\n");
  return lines.length === last - first + 1 ? { first, last, lines } : { first, last, lines: null };
}

/** The events of a notification's lines, or null if any line does not decode (then read the stream). */
export function notificationEvents(n: Notification): StoredEvent[] | null {
  if (!n.lines) return null;
  const events: StoredEvent[] = [];
  for (const line of n.lines) {
    const e = toStoredEvent(line);
    if (!e) return null;
    events.push(e);
  }
  return events;
}
