/** Polls a condition until it holds or the deadline passes (bounded in time and count). */
export async function waitFor<T>(
  probe: () => T | undefined | null | false,
  { timeoutMs = 3_000, intervalMs = 5, what = "condition" } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let i = 0; i < 100_000; i++) {
    const v = probe();
    if (v !== undefined && v !== null && v !== false) return v;
    if (Date.now() > deadline) break;
    await Bun.sleep(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
