/**
 * The one interface shared by the three raw test consumers (Bun WebSocket, `eventsource`'s
 * EventSource, a fetch stream + our SSE parser), and the state they all keep: every frame is
 * decoded with protocol's `decodeServerMessage`, so a wire-format violation is recorded, never
 * silently accepted. None of them reconnects on its own: a resume is an explicit new consumer.
 */
import type { ControlMessage, Filter, HubEvent } from "@tickerwire/protocol";
import {
  decodeServerMessage,
  EVENT_TYPES,
  filterToQuery,
  formatResumeToken,
  parseResumeToken,
} from "@tickerwire/protocol";

export type ConsumerKind = "ws" | "eventsource" | "fetch-sse";
export const CONSUMER_KINDS: readonly ConsumerKind[] = ["ws", "eventsource", "fetch-sse"];
export const SSE_KINDS: readonly ConsumerKind[] = ["eventsource", "fetch-sse"];

export interface ConsumerOptions {
  /** Topic patterns (default: the server's default, all). */
  topics?: string[];
  filter?: Filter;
  /** Resume cursor: a seq or an `<epoch>:<seq>` token. */
  lastSeq?: number | string;
  /** SSE only: send the cursor as `Last-Event-ID` (default for fetch-sse) or `?last_seq=`. */
  resumeVia?: "header" | "query";
  /** How long `openConsumer` waits for the `connected` message. */
  connectTimeoutMs?: number;
  /** `snapshot=1`: the desk state first (or instead of a replay history cannot give). */
  snapshot?: boolean;
}

export interface EndInfo {
  /** WebSocket close code / HTTP status of a refused SSE request. */
  code?: number;
  reason: string;
  at: number;
}

export type Predicate = (c: Consumer) => boolean;

interface SseMeta {
  event: string;
  id: string | undefined;
  idPersists?: boolean;
}

export interface Consumer {
  readonly kind: ConsumerKind;
  /** Events in arrival order, and `Date.now()` at each arrival (same index). */
  readonly events: HubEvent[];
  readonly arrivals: number[];
  /** Control messages in arrival order (`connected`, `replayed`, `pong`, `error`, `subscribed`). */
  readonly control: ControlMessage[];
  /** Wire-format problems seen (undecodable frames, SSE id/event mismatches). Should stay empty. */
  readonly violations: string[];
  /** SSE `:` comments (heartbeats) with their arrival time; only the fetch consumer sees them. */
  readonly comments: { text: string; at: number }[];
  /** Resolves once the connection is gone, whoever ended it. */
  readonly ended: Promise<EndInfo>;
  readonly endInfo: EndInfo | null;
  /** The cursor to resume from: the last event's SSE id, or `<epoch>:<seq>` on WebSocket. */
  lastToken(): string | undefined;
  seqs(): number[];
  controlOf<T extends ControlMessage["type"]>(type: T): Extract<ControlMessage, { type: T }>[];
  /** Waits until at least `n` events arrived, or `pred` holds; rejects on timeout or if the connection ends first. */
  waitFor(what: number | Predicate, timeoutMs?: number): Promise<void>;
  /** WebSocket only: sends an object as JSON, or a string / bytes as they are. */
  send(msg: unknown): void;
  /** Closes the connection and resolves when it is gone. */
  close(): Promise<void>;
}

const EVENT_TYPE_SET = new Set<string>(EVENT_TYPES);

export abstract class BaseConsumer implements Consumer {
  abstract readonly kind: ConsumerKind;
  readonly events: HubEvent[] = [];
  readonly arrivals: number[] = [];
  readonly control: ControlMessage[] = [];
  readonly violations: string[] = [];
  readonly comments: { text: string; at: number }[] = [];
  endInfo: EndInfo | null = null;
  readonly ended: Promise<EndInfo>;
  protected epoch: string | undefined;
  private lastId: string | undefined;
  private resolveEnded!: (e: EndInfo) => void;
  private readonly waiters = new Set<() => void>();

  constructor() {
    this.ended = new Promise((r) => {
      this.resolveEnded = r;
    });
  }

  abstract send(msg: unknown): void;
  abstract close(): Promise<void>;

  /**
   * Takes one frame. `sse` carries the block's `event:` and id: its own `id:` line, or (EventSource,
   * `idPersists`) the spec's last event ID, which carries over to blocks that have none.
   */
  protected accept(raw: string, sse?: SseMeta): void {
    const decoded = decodeServerMessage(raw);
    if (!decoded.ok) {
      this.violations.push(`undecodable frame (${decoded.error.message}): ${raw.slice(0, 300)}`);
      this.notify();
      return;
    }
    const msg = decoded.value;
    if (EVENT_TYPE_SET.has(msg.type)) {
      const event = msg as HubEvent;
      if (sse) this.checkSseEvent(event, sse);
      this.events.push(event);
      this.arrivals.push(Date.now());
      this.lastId = sse?.id ?? (this.epoch ? formatResumeToken(this.epoch, event.seq) : String(event.seq));
    } else {
      const ctl = msg as ControlMessage;
      if (sse && sse.event !== ctl.type)
        this.violations.push(`SSE "event: ${sse.event}" carries a ${ctl.type} message`);
      if (ctl.type === "snapshot") {
        // The one control message with an id: the resume token of the seq it includes.
        const token = parseResumeToken(sse?.id);
        if (sse && (!token || token.seq !== ctl.seq))
          this.violations.push(`SSE snapshot id "${sse.id}" is not its seq ${ctl.seq}`);
        this.lastId = sse?.id ?? formatResumeToken(ctl.epoch, ctl.seq);
      } else if (sse && sse.id !== undefined && !sse.idPersists) {
        this.violations.push(`SSE control event ${ctl.type} has an id (${sse.id})`);
      }
      if (ctl.type === "connected") this.epoch = ctl.epoch;
      this.control.push(ctl);
    }
    this.notify();
  }

  private checkSseEvent(event: HubEvent, sse: SseMeta): void {
    if (sse.event !== event.type) this.violations.push(`SSE "event: ${sse.event}" carries a ${event.type} event`);
    const token = parseResumeToken(sse.id);
    if (!token || token.seq !== event.seq) {
      this.violations.push(`SSE id "${sse.id}" does not name seq ${event.seq}`);
    }
  }

  protected comment(text: string): void {
    this.comments.push({ text, at: Date.now() });
    this.notify();
  }

  protected end(info: Omit<EndInfo, "at">): void {
    if (this.endInfo) return;
    this.endInfo = { ...info, at: Date.now() };
    this.resolveEnded(this.endInfo);
    this.notify();
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }

  lastToken(): string | undefined {
    return this.lastId;
  }

  seqs(): number[] {
    return this.events.map((e) => e.seq);
  }

  controlOf<T extends ControlMessage["type"]>(type: T): Extract<ControlMessage, { type: T }>[] {
    return this.control.filter((m): m is Extract<ControlMessage, { type: T }> => m.type === type);
  }

  waitFor(what: number | Predicate, timeoutMs = 5000): Promise<void> {
    const pred: Predicate = typeof what === "number" ? (c) => c.events.length >= what : what;
    const wanted = typeof what === "number" ? `${what} events` : "predicate";
    return new Promise((resolve, reject) => {
      const done = () => {
        this.waiters.delete(check);
        clearTimeout(timer);
      };
      const check = () => {
        if (pred(this)) {
          done();
          resolve();
        } else if (this.endInfo) {
          done();
          reject(
            new Error(
              `${this.kind}: connection ended (${this.endInfo.code ?? ""} ${this.endInfo.reason}) before ${wanted}; ${this.describe()}`,
            ),
          );
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${this.kind}: timed out after ${timeoutMs} ms waiting for ${wanted}; ${this.describe()}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  /** A one-line account of what arrived, for failure messages. */
  describe(): string {
    const seqs = this.seqs();
    const shown = seqs.length > 12 ? `${seqs.slice(0, 6).join(",")},…,${seqs.slice(-6).join(",")}` : seqs.join(",");
    return `have ${seqs.length} events [${shown}], control [${this.control.map((c) => c.type).join(",")}], violations ${this.violations.length}${this.endInfo ? `, ended: ${this.endInfo.reason}` : ""}`;
  }
}

/** `?topics=..&strategies=..&types=..&min_confidence=..[&last_seq=..]` for /ws and /sse. */
export function consumerQuery(options: ConsumerOptions, withLastSeq: boolean): URLSearchParams {
  const q = filterToQuery(options.filter);
  if (options.topics) q.set("topics", options.topics.join(","));
  if (withLastSeq && options.lastSeq !== undefined) q.set("last_seq", String(options.lastSeq));
  if (options.snapshot) q.set("snapshot", "1");
  return q;
}
