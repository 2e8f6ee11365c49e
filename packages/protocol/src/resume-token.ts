/**
 * The SSE `id:` of each event, and the cursor a client resumes from: `<epoch>:<seq>`. A bare
 * `<seq>` is accepted too (curl users, `?last_seq=`). The epoch tells a resume in the same
 * history from one against a store that was replaced (then the hub says `truncated`).
 */
export interface ResumeToken {
  epoch?: string;
  seq: number;
}

export const EPOCH_RE = /^[A-Za-z0-9_-]{1,64}$/;

export function formatResumeToken(epoch: string, seq: number): string {
  return `${epoch}:${seq}`;
}

/** Parses `<epoch>:<seq>` or `<seq>`; returns null when malformed. `0` means "from the start". */
export function parseResumeToken(raw: string | null | undefined): ResumeToken | null {
  if (raw == null) return null;
  const s = raw.trim();
  if (s.length === 0 || s.length > 100) return null;
  const colon = s.lastIndexOf(":");
  const epoch = colon >= 0 ? s.slice(0, colon) : undefined;
  const seqText = colon >= 0 ? s.slice(colon + 1) : s;
  if (!/^\d{1,16}$/.test(seqText)) return null;
  const seq = Number(seqText);
  if (!Number.isSafeInteger(seq)) return null;
  if (epoch !== undefined && !EPOCH_RE.test(epoch)) return null;
  return epoch === undefined ? { seq } : { epoch, seq };
}
