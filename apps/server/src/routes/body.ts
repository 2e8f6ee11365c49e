/** Reads a request body up to a byte limit, checking Content-Length first and the real size while reading. */

export type BodyResult = { ok: true; bytes: Uint8Array } | { ok: false; received: number };

export async function readBodyLimited(req: Request, limit: number): Promise<BodyResult> {
  const declared = Number(req.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) return { ok: false, received: declared };
  if (!req.body) return { ok: true, bytes: new Uint8Array(0) };
  // A declared length within the limit bounds the body (HTTP framing): read it in one native call
  // (the size is checked again for a Request built in-process, which nothing frames).
  if (Number.isFinite(declared)) {
    const bytes = await req.bytes();
    return bytes.byteLength > limit ? { ok: false, received: bytes.byteLength } : { ok: true, bytes };
  }
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  // Bounded: every iteration consumes bytes and we stop past `limit`.
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      return { ok: false, received: total };
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return { ok: true, bytes: chunks[0]! };
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return { ok: true, bytes };
}
