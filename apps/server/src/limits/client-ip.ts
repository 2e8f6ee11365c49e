/**
 * The client's IP: the socket's peer address, unless that peer is a trusted proxy (TRUST_PROXY);
 * then X-Forwarded-For is read from the right, skipping trusted proxies, and the first untrusted
 * entry is the client. The left part of the header is whatever the client sent and is ignored —
 * taking the left-most entry would let anyone pick their own IP and escape per-IP limits.
 */
export interface TrustedProxies {
  has(ip: string): boolean;
}

const V4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function v4ToInt(ip: string): number | null {
  const m = V4.exec(ip);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

/** `::ffff:1.2.3.4` → `1.2.3.4`; lower-case; brackets and an IPv4 port removed. */
export function normalizeIp(raw: string): string {
  let ip = raw.trim().toLowerCase();
  if (ip.startsWith("[")) ip = ip.slice(1, ip.indexOf("]") > 0 ? ip.indexOf("]") : undefined);
  if (ip.startsWith("::ffff:") && V4.test(ip.slice(7))) ip = ip.slice(7);
  const port = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(ip);
  return port?.[1] ?? ip;
}

/**
 * Parses TRUST_PROXY: `off`/empty (trust nobody), or a comma list of IPs, IPv4 CIDRs and the
 * word `loopback` (127.0.0.0/8 and ::1). Returns null for an invalid entry.
 */
export function parseTrustedProxies(raw: string | undefined): TrustedProxies | null {
  const items = (raw ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s && s !== "off");
  const exact = new Set<string>();
  const ranges: [number, number][] = [];
  for (const item of items) {
    const entries = item === "loopback" ? ["127.0.0.0/8", "::1"] : [item];
    for (const e of entries) {
      const [addr, bits] = e.split("/");
      if (bits === undefined) {
        if (!addr || !(V4.test(addr) || addr.includes(":"))) return null;
        exact.add(normalizeIp(addr));
        continue;
      }
      const base = v4ToInt(addr ?? "");
      const n = Number(bits);
      if (base === null || !/^\d+$/.test(bits) || n > 32) return null;
      const mask = n === 0 ? 0 : (~0 << (32 - n)) >>> 0;
      ranges.push([(base & mask) >>> 0, mask]);
    }
  }
  return {
    has(ip) {
      const n = normalizeIp(ip);
      if (exact.has(n)) return true;
      const v = v4ToInt(n);
      return v !== null && ranges.some(([b, m]) => (v & m) >>> 0 === b);
    },
  };
}

export function clientIp(
  peer: string,
  forwardedFor: string | null | undefined,
  trusted: TrustedProxies | null,
): string {
  const ip = normalizeIp(peer);
  if (!trusted?.has(ip) || !forwardedFor) return ip;
  const hops = forwardedFor.split(",").map(normalizeIp).filter(Boolean).slice(-32);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (!trusted.has(hop)) return hop.slice(0, 64);
  }
  // Every hop is a trusted proxy: the left-most one is as close to the client as we know.
  return hops[0]?.slice(0, 64) ?? ip;
}
