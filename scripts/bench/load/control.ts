/**
 * How a load process talks to the orchestrator: its config is one JSON argument, it reports JSON
 * lines on stdout (`{"event": ...}`), and takes JSON-line commands on stdin (`{"cmd": ...}`).
 */

export interface WindowCommand {
  cmd: "window";
  /** Wall-clock ms: measure deliveries received in [start, end). */
  start: number;
  end: number;
}
/** Sent once publishing is over: report when nothing arrived for quietMs, or after maxDrainMs. */
export interface DrainCommand {
  cmd: "drain";
  quietMs: number;
  maxDrainMs: number;
}
export interface ExitCommand {
  cmd: "exit";
}
export type Command = WindowCommand | DrainCommand | ExitCommand;

/** Reads the JSON config passed as the first argument. */
/** What the orchestrator tells every client load process (ws-clients adds `urls`). */
export interface ClientLoadConfig {
  /** Where the clients connect (ws://, http:// for SSE and Socket.IO). */
  url: string;
  clients: number;
  /** Connection attempts in flight at once (= clients for a storm). */
  concurrency: number;
  connectTimeoutMs: number;
  /** Highest event number + 1 the publisher may send (sizes the per-client bitset). */
  maxK: number;
}

export function readConfig<T>(): T {
  const raw = process.argv[2];
  if (!raw) throw new Error("usage: bun <load script> '<json config>'");
  return JSON.parse(raw) as T;
}

/** Writes one report line for the orchestrator. */
export function emit(event: string, body: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ event, ...body })}\n`);
}

/**
 * Calls `onCommand` for each JSON line on stdin; stdin closing (orchestrator gone) means exit.
 * A load process with commands of its own names them in `C`.
 */
export async function readCommands<C extends { cmd: string } = Command>(
  onCommand: (c: C | ExitCommand) => void,
): Promise<void> {
  const decoder = new TextDecoder();
  let buf = "";
  for await (const chunk of Bun.stdin.stream()) {
    buf += decoder.decode(chunk, { stream: true });
    let nl = buf.indexOf("\n");
    while (nl !== -1) {
      const line = buf.slice(0, nl).trim();
      buf = buf.slice(nl + 1);
      if (line) onCommand(JSON.parse(line) as C);
      nl = buf.indexOf("\n");
    }
  }
  onCommand({ cmd: "exit" });
}

/**
 * Resolves once no delivery arrived for `quietMs` (per `lastActivity()`, counted from now at the
 * earliest), or after `maxDrainMs`. Polls, because a flood of socket reads can starve one long
 * timer but a short poll still gets through between reads.
 */
export function drained(d: DrainCommand, lastActivity: () => number): Promise<void> {
  const from = Date.now();
  return new Promise((resolve) => {
    const tick = () => {
      const now = Date.now();
      if (now - from >= d.maxDrainMs || now - Math.max(lastActivity(), from) >= d.quietMs) resolve();
      else setTimeout(tick, 50);
    };
    tick();
  });
}

/** The usual command loop of a client load process: window, then drain and report, or exit. */
export function clientCommands(opts: {
  setWindow: (start: number, end: number) => void;
  lastActivity: () => number;
  report: () => Record<string, unknown>;
  finish: () => never;
}): Promise<void> {
  return readCommands((c) => {
    if (c.cmd === "exit") opts.finish();
    else if (c.cmd === "window") opts.setWindow(c.start, c.end);
    else
      drained(c, opts.lastActivity).then(() => {
        emit("report", opts.report());
        opts.finish();
      });
  });
}

/** Runs `open` for `count` items with at most `concurrency` pending at once. */
export async function withConcurrency(
  count: number,
  concurrency: number,
  open: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await open(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(count, Math.max(1, concurrency)) }, worker));
}
