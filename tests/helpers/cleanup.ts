/**
 * Every child process the test helpers start (hub servers, nginx), so none outlives the run:
 * helpers stop their own children in afterAll; this is the safety net for crashes and Ctrl-C.
 */
const live = new Map<number, string>();
let hooked = false;

function killAll(): void {
  for (const pid of live.keys()) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  live.clear();
}

function hook(): void {
  if (hooked) return;
  hooked = true;
  // 'exit' handlers must be synchronous: process.kill is.
  process.on("exit", killAll);
  for (const [sig, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const) {
    process.on(sig, () => {
      killAll();
      process.exit(code);
    });
  }
}

/** Registers a child pid to be killed if the test process exits while it is still running. */
export function trackChild(pid: number, label: string): void {
  hook();
  live.set(pid, label);
}

export function untrackChild(pid: number): void {
  live.delete(pid);
}

/** What is still running (for diagnostics). */
export function trackedChildren(): { pid: number; label: string }[] {
  return [...live].map(([pid, label]) => ({ pid, label }));
}
