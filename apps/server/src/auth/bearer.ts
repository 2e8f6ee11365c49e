/** Reads `Authorization: Bearer <jwt>` (case-insensitive scheme); null when absent or not Bearer. */
import { MAX_TOKEN_LENGTH } from "@tickerwire/protocol";

export function bearerToken(header: string | null | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer[ ]+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(header);
  const token = m?.[1];
  return token && token.length <= MAX_TOKEN_LENGTH ? token : null;
}
