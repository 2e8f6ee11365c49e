/**
 * Where the watch keeps what must survive a restart and be shared by every instance: the fired
 * state of each rule key (so an alert fires once), engines' last signs of life, seq cursors
 * (event rules evaluated through, webhook deliveries done through), and the leader lease. A SQLite
 * file beside the bus log for the local engine; the bus's Redis for several instances.
 */

/** A rule key's state: whether its alert is out, and how many transitions it has had. */
export interface FiredState {
  active: boolean;
  /** Counts transitions; the next one is `gen + 1` (also the alert's idempotency key suffix). */
  gen: number;
}

export const UNFIRED: FiredState = { active: false, gen: 0 };

/** What one instance saw of an engine since its last flush. */
export interface EngineSighting {
  engine: string;
  lastSeen: number;
  /** The interval it declared with its latest sign of life (undefined: none declared). */
  intervalMs: number | undefined;
  /** Events it published. */
  events: number;
}

/** An engine as every instance saw it together. */
export interface EngineRecord {
  engine: string;
  lastSeen: number;
  intervalMs: number | null;
  /** Events it published, ever (for events/s). */
  events: number;
}

export interface WatchStore {
  readonly kind: "sqlite" | "redis";
  loadFired(): Promise<Map<string, FiredState>>;
  getFired(key: string): Promise<FiredState>;
  /**
   * Compare-and-set: stores `next` only when the key's gen is still `expectedGen` (absent = 0).
   * False when another instance (or an earlier life of this one) moved it first.
   */
  casFired(key: string, expectedGen: number, next: FiredState): Promise<boolean>;
  /** Merges sightings: last seen = the later, interval = the latest declared, events added. */
  recordEngines(sightings: readonly EngineSighting[]): Promise<void>;
  engines(): Promise<EngineRecord[]>;
  /** A seq cursor; null when never set (0 is a cursor: nothing was committed yet). */
  getCursor(name: string): Promise<number | null>;
  /** Moves a cursor forward (never back). */
  advanceCursor(name: string, seq: number): Promise<void>;
  /** Small shared values (the time the watch last ran, when it resumed). */
  getMeta(key: string): Promise<string | null>;
  setMeta(key: string, value: string): Promise<void>;
  /** Sets a meta value unless one exists; returns the value in force. */
  initMeta(key: string, value: string): Promise<string>;
  /**
   * Takes or keeps the leader lease for `ttlMs`; true while this instance holds it. The local
   * store is its own leader always.
   */
  holdLease(owner: string, ttlMs: number): Promise<boolean>;
  releaseLease(owner: string): Promise<void>;
  close(): Promise<void>;
}
