/**
 * Origin checks for `/ws` and `/sse` (cross-site WebSocket hijacking: browsers send cookies and
 * open WebSockets to any site, so the server must look at Origin). A request without Origin is
 * not from a browser page; it passes here and authentication decides.
 */
export type OriginPolicy = "any" | "same-origin" | readonly string[];

/** `https://Example.com:443` → `https://example.com`; null when not an http(s) origin. */
export function normalizeOrigin(raw: string): string | null {
  try {
    const u = new URL(raw);
    if (u.protocol !== "http:" && u.protocol !== "https:") return null;
    return u.origin.toLowerCase();
  } catch {
    return null;
  }
}

/**
 * @param origin the Origin header (null when absent)
 * @param own the hub's own origin as this request reached it (scheme + Host)
 */
export function originAllowed(origin: string | null, own: string | null, policy: OriginPolicy): boolean {
  if (origin === null) return true;
  if (policy === "any") return true;
  const o = normalizeOrigin(origin); // "null" (sandboxed frames, file:) never matches
  if (o === null) return false;
  if (own !== null && o === normalizeOrigin(own)) return true;
  return policy !== "same-origin" && policy.some((p) => normalizeOrigin(p) === o);
}
