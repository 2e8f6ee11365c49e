/**
 * The stored form of a ticket entry (JSON, shared by every instance through Redis) and its zod
 * schema. Reading is a boundary like any other: a value that does not match — corrupt, written by
 * another program, or by an incompatible version (`v`) — is refused, never trusted or thrown.
 */
import { MAX_PATTERNS, TicketPurposeSchema } from "@tickerwire/protocol";
import { z } from "zod";
import { type Principal, SCOPES } from "./claims.ts";
import type { TicketEntry } from "./tickets.ts";

const Patterns = z.array(z.string().max(200)).max(MAX_PATTERNS);

export const TicketRecord = z.object({
  v: z.literal(1),
  principal: z.object({
    subject: z.string().min(1).max(200),
    // A Set in memory, an array on the wire.
    scopes: z.array(z.enum(SCOPES)).max(SCOPES.length),
    publish: Patterns,
    subscribe: Patterns,
    expiresAt: z.number(),
  }),
  purpose: TicketPurposeSchema,
  ip: z.string().max(100),
  expiresAt: z.number(),
});
export type TicketRecord = z.infer<typeof TicketRecord>;

export function encodeTicketEntry(e: TicketEntry): string {
  const p = e.principal;
  const record: TicketRecord = {
    v: 1,
    principal: {
      subject: p.subject,
      scopes: [...p.scopes],
      publish: [...p.publish],
      subscribe: [...p.subscribe],
      expiresAt: p.expiresAt,
    },
    purpose: e.purpose,
    ip: e.ip,
    expiresAt: e.expiresAt,
  };
  return JSON.stringify(record);
}

/** The entry, or null when `raw` is not a ticket record this version wrote. */
export function decodeTicketEntry(raw: string): TicketEntry | null {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const r = TicketRecord.safeParse(json);
  if (!r.success) return null;
  const { principal: p, purpose, ip, expiresAt } = r.data;
  const principal: Principal = {
    subject: p.subject,
    scopes: new Set(p.scopes),
    publish: p.publish,
    subscribe: p.subscribe,
    expiresAt: p.expiresAt,
  };
  return { principal, purpose, ip, expiresAt };
}
