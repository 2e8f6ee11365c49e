/** The two transports a client can stream on: a native WebSocket (`/ws`) or Server-Sent Events (`/sse`). */
import { z } from "zod";

export const TransportKindSchema = z.enum(["ws", "sse"]);
export type TransportKind = z.infer<typeof TransportKindSchema>;
/** Every transport, WebSocket first (the order clients try them in). */
export const TRANSPORT_KINDS: readonly TransportKind[] = TransportKindSchema.options;

/**
 * What a connect ticket (`POST /api/v1/tickets?for=`) may open: one transport, or either
 * (`stream`, the default).
 */
export const TicketPurposeSchema = z.enum(["ws", "sse", "stream"]);
export type TicketPurpose = z.infer<typeof TicketPurposeSchema>;
