/**
 * Load process for the resume storm: N resume clients (resume-client.ts), half WebSocket and half
 * SSE, each following one strategy's signals. Reports `ready` once all are connected; then, per
 * phase (a hub restart announced with {"cmd":"phase"}), `phase` once every client has been dropped,
 * reconnected and caught up (or when asked with {"cmd":"phase-report"}); finally, on
 * {"cmd":"verify"} with the publisher's seq → strategy map, what each client missed or got twice.
 *
 * Config (JSON argument): { url, clients, first, topics, connectTimeoutMs }. Client j of this
 * process is global client first+j: transport by parity, strategy (first+j)/2 mod topics.
 */
import { drained, emit, readCommands, readConfig } from "./control.ts";
import { ResumeClient, type Transport } from "./resume-client.ts";

interface Config {
  url: string;
  clients: number;
  first: number;
  topics: number;
  connectTimeoutMs: number;
}

type Cmd =
  | { cmd: "phase"; name: string }
  | { cmd: "phase-report" }
  | { cmd: "verify"; firstSeq: number; topics: number[]; quietMs: number; maxDrainMs: number };

const cfg = readConfig<Config>();
let lastActivity = 0;
const env = {
  now: Date.now,
  random: Math.random,
  onActivity: (at: number) => {
    lastActivity = at;
  },
};
const clients: ResumeClient[] = [];
for (let j = 0; j < cfg.clients; j++) {
  const g = cfg.first + j;
  const transport: Transport = g % 2 === 0 ? "ws" : "sse";
  clients.push(new ResumeClient(transport, Math.floor(g / 2) % cfg.topics, cfg.url, env));
}

// Open in waves of 250 so the set-up is not itself a storm.
const t0 = Date.now();
for (let j = 0; j < clients.length; j += 250) {
  for (const c of clients.slice(j, j + 250)) c.start();
  while (Date.now() - t0 < cfg.connectTimeoutMs && !clients.slice(j, j + 250).every((c) => c.tracker)) {
    await Bun.sleep(20);
  }
}
const connected = clients.filter((c) => c.tracker).length;
emit("ready", { connected, failed: clients.length - connected, elapsedMs: Date.now() - t0 });

let phase: string | null = null;
let watcher: ReturnType<typeof setInterval> | null = null;

function phaseReport(name: string): Record<string, unknown> {
  const caught = clients.filter((c) => c.caughtUpAt > 0);
  return {
    name,
    clients: clients.length,
    dropped: clients.filter((c) => c.droppedAt > 0).length,
    resumed: clients.filter((c) => c.resumedAt > 0).length,
    caughtUp: caught.length,
    caughtUpAt: caught.map((c) => c.caughtUpAt),
    resumedAt: clients.filter((c) => c.resumedAt > 0).map((c) => c.resumedAt),
    firstDropAt: Math.min(...clients.map((c) => c.droppedAt || Number.POSITIVE_INFINITY)),
    truncated: clients.reduce((s, c) => s + c.truncated, 0),
  };
}

function endPhase(): void {
  if (watcher) clearInterval(watcher);
  watcher = null;
  if (phase) emit("phase", phaseReport(phase));
  phase = null;
}

/** What one transport's clients missed, got twice or out of order, against the publisher's map. */
interface Tally {
  clients: number;
  expected: number;
  lost: number;
  duplicates: number;
  reordered: number;
  unexpected: number;
}

function verify(firstSeq: number, topicOfSeq: number[]): Record<Transport, Tally> {
  const seqsOf = new Map<number, number[]>();
  topicOfSeq.forEach((t, i) => {
    if (t < 0) return;
    const list = seqsOf.get(t) ?? [];
    list.push(firstSeq + i);
    seqsOf.set(t, list);
  });
  const out: Record<Transport, Tally> = {
    ws: { clients: 0, expected: 0, lost: 0, duplicates: 0, reordered: 0, unexpected: 0 },
    sse: { clients: 0, expected: 0, lost: 0, duplicates: 0, reordered: 0, unexpected: 0 },
  };
  for (const c of clients) {
    const o = out[c.transport];
    o.clients++;
    const t = c.tracker;
    const mine = (seqsOf.get(c.topic) ?? []).filter((s) => !t || s > t.startSeq);
    o.expected += mine.length;
    if (!t) {
      o.lost += mine.length;
      continue;
    }
    const got = mine.filter((s) => t.has(s)).length;
    o.lost += mine.length - got;
    o.unexpected += t.received - got;
    o.duplicates += t.duplicates;
    o.reordered += t.reordered;
  }
  return out;
}

await readCommands<Cmd>((c) => {
  if (c.cmd === "exit") {
    for (const x of clients) x.close();
    process.exit(0);
  } else if (c.cmd === "phase") {
    endPhase();
    phase = c.name;
    for (const x of clients) x.newPhase();
    watcher = setInterval(() => {
      if (clients.every((x) => x.caughtUpAt > 0)) endPhase();
    }, 20);
  } else if (c.cmd === "phase-report") {
    endPhase();
  } else if (c.cmd === "verify") {
    void drained({ cmd: "drain", quietMs: c.quietMs, maxDrainMs: c.maxDrainMs }, () => lastActivity).then(() => {
      emit("report", {
        ...verify(c.firstSeq, c.topics),
        attempts: clients.map((x) => x.attempts),
        stillConnected: clients.filter((x) => x.connected).length,
      });
    });
  }
});
