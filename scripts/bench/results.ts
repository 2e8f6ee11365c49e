/** The shapes of what the bench measured: one record per (workload, target) run, and the report. */
import type { Summary } from "./stats.ts";
import type { TargetName } from "./targets/registry.ts";

export interface Resources {
  /** Percent of one core over the measured interval (200 = both cores of this machine). */
  serverCpuPct: number;
  serverRssMB: number;
  serverPeakRssMB: number;
  loadgenCpuPct: number;
  /** CPU used on the machine by everything that is not this run's processes (other jobs). */
  otherCpuPct: number;
  /** The private redis-server of a hub-redis-* target. */
  redisCpuPct?: number;
}

export interface StreamResult {
  workload: "fanout" | "burst" | "scale";
  target: TargetName;
  /** Server processes behind the target; CPU and RSS are summed over them. */
  instances?: number;
  clients: number;
  connected: number;
  connectFailed: number;
  /** Events the target accepted (2xx), and how fast. */
  published: number;
  publishPerSec: number;
  /** Burst only: the publisher stopped at its event cap, so the target may do more than shown. */
  hitEventCap?: boolean;
  /** published/s × connected clients: what a target that keeps up delivers. */
  offeredPerSec: number;
  deliveriesPerSec: number;
  /** Best whole second inside the window. */
  peakPerSec: number;
  latencyMs: Summary;
  /** published × connected − distinct deliveries, after the drain. */
  lost: number;
  duplicates: number;
  disconnects: number;
  meanEventChars: number;
  resources: Resources;
  /** deliveries/s of every run when the bench ran this more than once (this record is the best). */
  runs?: number[];
  error?: string;
}

export interface IngestResult {
  target: "hub" | "sqlite";
  mode: "batch-100" | "batch-1000" | "single";
  eventsPerSec: number;
  accepted: number;
  failed: number;
  requestMs?: Summary;
  serverCpuPct?: number;
  error?: string;
}

export interface StormResult {
  target: TargetName;
  clients: number;
  connected: number;
  failed: number;
  /** From the first attempt to the last connection open. */
  elapsedMs: number;
  openMs: Summary;
  serverCpuPct: number;
  /** The clients' process: Socket.IO's client library costs far more per connection than raw sockets. */
  loadgenCpuPct: number;
  serverRssMB: number;
  firstError?: string;
  error?: string;
}

export interface IdleResult {
  target: TargetName;
  clients: number;
  connected: number;
  failed: number;
  rssBeforeMB: number;
  rssAfterMB: number;
  /** Server RSS growth per connected client. */
  bytesPerConn: number;
  error?: string;
}

/** Desk state: a long trading history, its ingest, snapshot and start-up. */
export interface DeskResult {
  events: number;
  strategies: number;
  openPositions: number;
  /** Events/s of the history into a hub keeping the desk state, and into one with DESK_STATE=off. */
  ingestOn: number;
  ingestOff: number;
  /** GET /api/v1/snapshot after a publish each (uncached), ms. */
  snapshotMs: Summary | null;
  /** On the wire (gzip, as browsers ask), and the JSON itself. */
  snapshotBytes: number;
  snapshotJsonBytes: number;
  snapshotSeq: number;
  /** Spawn to `listening` on that log: after a graceful stop, and after SIGKILL. */
  startupGracefulMs: number;
  startupKilledMs: number;
  error?: string;
}

/** One cold load of the dashboard (desk-open workload). */
export interface DeskOpenLoad {
  transport: "ws" | "sse";
  /** Navigation start to the second animation frame after the exact summary was in the page, ms. */
  summaryMs: number;
  /** Bytes over the wire until the page settled, and by kind (document, script, style, stream, other). */
  bytes: number;
  byKind: Record<string, number>;
}

/** The dashboard opened in Chromium on a hub with a long trading history. */
export interface DeskOpenResult {
  events: number;
  strategies: number;
  openPositions: number;
  /** Writing the history into the log through the bus API (not timed against any goal). */
  prepMs: number;
  /** Spawn to `listening` of the hub on that log. */
  startupMs: number;
  /** GET /api/v1/snapshot body (the whole desk). */
  snapshotBytes: number;
  /** The hub's ledger equals the totals summed from the published closes. */
  ledgerAgrees: boolean;
  loads: DeskOpenLoad[];
  error?: string;
}

/** First load of the production dashboard in Chromium (median of fresh-context visits). */
export interface FirstLoadResult {
  target: "hub";
  visits: number;
  /** Every HTTP resource of the visit, as received (headers + compressed body). */
  wireBytes: number;
  /** The same resources' decoded bodies. */
  bodyBytes: number;
  /** The same visit with `Accept-Encoding: identity`: what it cost uncompressed. */
  identityWireBytes: number;
  resources: {
    path: string;
    type: string;
    initiator: string;
    encoding: string;
    wireBytes: number;
    bodyBytes: number;
  }[];
  /** What each package costs the bundle (minified bytes), and each chunk's size. */
  bundle?: {
    packages: { name: string; chunk: "initial" | "lazy"; bytes: number }[];
    chunks: { path: string; chunk: "initial" | "lazy"; bytes: number; brotliBytes: number }[];
  };
  error?: string;
}

/** Top costs of a CPU profile: share of the busy (non-idle) sampled time. */
export interface ProfileCosts {
  busyMs: number;
  functions: { name: string; selfMs: number; pct: number }[];
  files: { name: string; selfMs: number; pct: number }[];
}

/** The dashboard in Chromium fed by one server. */
export interface BrowserRun {
  /** `hub`: the real hub; `bare`: a bare server sending the same events (the baseline). */
  target: "hub" | "bare";
  events: number;
  /** From the `connected` message to the end of the `replayed` message's handling. */
  catchUpMs: number;
  catchUpPerSec: number;
  /** CPU profile of the catch-up. */
  profile?: ProfileCosts;
  live?: {
    rate: number;
    /** Events the page took in per second in the window, and the WebSocket messages they came in. */
    receivedPerSec: number;
    messagesPerSec: number;
    /** CPU profile of the window. */
    profile?: ProfileCosts;
    /** Main-thread task time ÷ wall time over the window (CDP Performance TaskDuration). */
    busyPct: number;
    /** Delivery lag (page clock − hub timestamp) p50 of sampled events, first and second half of the window. */
    lagEarlyMs: number;
    lagLateMs: number;
  };
  error?: string;
}

/** One hub restart of the resume storm. */
export interface ResumePhase {
  kind: "graceful" | "sigkill";
  /** From the signal to the new hub's `listening` line. */
  downMs: number;
  clients: number;
  /** Clients the restart dropped, that connected again, and that the hub told `replayed`. */
  dropped: number;
  resumed: number;
  caughtUp: number;
  /** Until the last client was caught up, from the hub answering again (NaN if some never were). */
  allCaughtUpMs: number;
  /** Per client, from the hub answering again. */
  caughtUpMs: Summary;
  resumedMs: Summary;
  /** `replayed` with truncated=true (history did not hold everything; must be 0). */
  truncated: number;
  /** The new hub process from its start until every client was caught up. */
  hubPeakRssMB: number;
  hubCpuPct: number;
  hubPeakCpuPct: number;
}

export interface ResumeTally {
  clients: number;
  /** Events of the client's strategy published after it first connected. */
  expected: number;
  lost: number;
  duplicates: number;
  reordered: number;
  /** Events of other strategies (must be 0). */
  unexpected: number;
}

/** Resume storm: clients with cursors through a graceful and a SIGKILL restart. */
export interface ResumeResult {
  clients: number;
  connected: number;
  /** Strategies the clients are spread over (each client follows one). */
  topics: number;
  rate: number;
  workers: number;
  phases: ResumePhase[];
  published: number;
  publishRetries: number;
  transports: { ws: ResumeTally; sse: ResumeTally };
  /** Connection attempts per client over the run. */
  attempts?: Summary;
  error?: string;
}

export interface Machine {
  nproc: number;
  cpuModel: string;
  memGB: number;
  kernel: string;
  bun: string;
  node: string;
  date: string;
  loadAvgAtStart: number[];
}

export interface Verdict {
  goal: string;
  measured: string;
  required: string;
  pass: boolean | null;
  /** A figure the issue sets no target for (shown as "figure", never PASS/FAIL). */
  info?: boolean;
  note: string;
}

export interface BenchReport {
  machine: Machine;
  profile: string;
  settings: Record<string, unknown>;
  fanout: StreamResult[];
  burst: StreamResult[];
  /** Scale-out: hub-ws next to hub-redis-1 and hub-redis-2. */
  scale: StreamResult[];
  ingest: IngestResult[];
  storm: StormResult[];
  idle: IdleResult[];
  desk: DeskResult[];
  deskOpen?: DeskOpenResult[];
  /** Issue 12: the dashboard's first load. */
  firstLoad?: FirstLoadResult[];
  /** Issue 12: the dashboard's intake in Chromium, from the hub and from a bare server. */
  browser?: BrowserRun[];
  /** Issue 12: hub restarts under 5,000 resuming clients. */
  resume?: ResumeResult[];
  verdicts: Verdict[];
  notes: string[];
  durationS: number;
}
