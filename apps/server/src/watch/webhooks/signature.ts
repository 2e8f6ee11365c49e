/**
 * Webhook signatures: `X-Tickerwire-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
 * Each attempt is signed at its own time, so a retry hours later still verifies; a receiver
 * refuses a `t` outside its replay window (5 minutes by default) and compares in constant time.
 * The README's verification recipe is this `verifySignature`, written out.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "X-Tickerwire-Signature";
export const DEFAULT_TOLERANCE_S = 300;

export function sign(secret: string, timestampS: number, body: string): string {
  return createHmac("sha256", secret).update(`${timestampS}.${body}`).digest("hex");
}

/** The header value for `body` signed at `timestampS`. */
export function signatureHeader(secret: string, body: string, timestampS: number): string {
  return `t=${timestampS},v1=${sign(secret, timestampS, body)}`;
}

export type Verdict = { ok: true; timestampS: number } | { ok: false; reason: "malformed" | "expired" | "mismatch" };

/** Checks a signature header against the raw body, the secret and the replay window. */
export function verifySignature(
  secret: string,
  header: string | null | undefined,
  body: string,
  nowS: number,
  toleranceS = DEFAULT_TOLERANCE_S,
): Verdict {
  const parts = Object.fromEntries((header ?? "").split(",").map((p) => p.trim().split("=", 2) as [string, string]));
  const t = Number(parts.t);
  const v1 = parts.v1;
  if (!Number.isInteger(t) || typeof v1 !== "string" || !/^[0-9a-f]{64}$/.test(v1))
    return { ok: false, reason: "malformed" };
  if (Math.abs(nowS - t) > toleranceS) return { ok: false, reason: "expired" };
  const expected = Buffer.from(sign(secret, t, body), "hex");
  return timingSafeEqual(expected, Buffer.from(v1, "hex"))
    ? { ok: true, timestampS: t }
    : { ok: false, reason: "mismatch" };
}
