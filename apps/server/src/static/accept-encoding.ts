/**
 * Content negotiation on `Accept-Encoding` (RFC 9110 §12.5.3): which of the codings we hold a
 * precompressed copy in the client takes. Pure.
 *
 * - The highest q-value wins; on a tie the server's order (`offered`, best compression first).
 * - `*` stands for every coding the header does not name; `q=0` refuses a coding.
 * - No header, or nothing acceptable, gives `identity`: RFC 9110 lets a server send the
 *   uncoded representation rather than a 406, and every client can read it.
 */

export type Coding = "br" | "gzip";
export type Chosen = Coding | "identity";

/** q-value of each coding the header names (lower-cased); `x-gzip` counts as `gzip`. */
export function parseAcceptEncoding(header: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const part of header.split(",")) {
    const [rawName, ...params] = part.split(";");
    const name = rawName?.trim().toLowerCase();
    if (!name) continue;
    let q = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*(.*?)\s*$/i.exec(p);
      if (m) {
        // A malformed q-value refuses the coding rather than guessing.
        const v = m[1] === "" ? Number.NaN : Number(m[1]);
        q = Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0;
      }
    }
    out.set(name === "x-gzip" ? "gzip" : name, q);
  }
  return out;
}

/** The coding to answer with, among `offered` (in the server's order of preference). */
export function chooseEncoding(header: string | null, offered: readonly Coding[]): Chosen {
  if (!header || offered.length === 0) return "identity";
  const q = parseAcceptEncoding(header);
  const star = q.get("*");
  let best: Chosen = "identity";
  let bestQ = 0;
  for (const c of offered) {
    const v = q.get(c) ?? star ?? 0;
    if (v > bestQ) {
      best = c;
      bestQ = v;
    }
  }
  if (best === "identity") return "identity";
  // identity is always acceptable as a fallback; it beats a coding only when named with a higher q.
  const idQ = q.get("identity") ?? 0;
  return idQ > bestQ ? "identity" : best;
}
