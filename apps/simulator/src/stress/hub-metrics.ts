/** Reading the hub's process RSS and CPU time from its Prometheus `/metrics` text. */

export interface HubProcessSample {
  rssBytes: number | null;
  cpuSeconds: number | null;
  /** The hub's own count of slow clients it cut off (all transports), when it exports one. */
  slowDisconnects: number | null;
}

/** Every sample value of `name` (any labels) in exposition text. */
function samples(text: string, name: string): number[] {
  const out: number[] = [];
  for (const line of text.split("\n")) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== " " && rest[0] !== "{") continue;
    const value = rest
      .replace(/^\{[^}]*\}/, "")
      .trim()
      .split(/\s+/)[0];
    const n = Number(value);
    if (value !== undefined && value !== "" && Number.isFinite(n)) out.push(n);
  }
  return out;
}

/** The value of the first sample of `name` (with or without labels), or null. */
export function metricValue(text: string, name: string): number | null {
  return samples(text, name)[0] ?? null;
}

/** The sum over all samples of `name` (e.g. over transports), or null when there is none. */
export function metricSum(text: string, name: string): number | null {
  const all = samples(text, name);
  return all.length > 0 ? all.reduce((a, b) => a + b, 0) : null;
}

export function parseHubSample(text: string): HubProcessSample {
  return {
    rssBytes: metricValue(text, "process_resident_memory_bytes"),
    cpuSeconds: metricValue(text, "process_cpu_seconds_total"),
    slowDisconnects: metricSum(text, "tickerwire_slow_client_disconnects_total"),
  };
}

export async function scrapeHub(baseUrl: string, fetchFn: typeof fetch = fetch): Promise<HubProcessSample | null> {
  try {
    const res = await fetchFn(new URL("/metrics", baseUrl), { signal: AbortSignal.timeout(3_000) });
    if (!res.ok) return null;
    return parseHubSample(await res.text());
  } catch {
    return null;
  }
}
