/**
 * `POST /api/v1/client-reports`: SSE clients cannot send messages on their stream, so they POST
 * their `report` (the same message WebSocket clients send) here. Fire and forget: 204.
 */
import { decodeClientMessage, ProtocolError } from "@tickerwire/protocol";
import type { Context } from "hono";
import { errorResponse, protocolErrorResponse } from "../http-errors.ts";
import type { ClientReports } from "../metrics/client-reports.ts";
import { readBodyLimited } from "./body.ts";

const MAX_REPORT_BYTES = 4_096;

export function createClientReportHandler(reports: ClientReports) {
  return async (c: Context): Promise<Response> => {
    if (!/^application\/json\s*(;|$)/i.test(c.req.header("content-type") ?? "")) {
      return errorResponse(
        415,
        "unsupported_media_type",
        "send the report as JSON with Content-Type: application/json",
      );
    }
    const body = await readBodyLimited(c.req.raw, MAX_REPORT_BYTES);
    if (!body.ok) return errorResponse(413, "payload_too_large", `a report is at most ${MAX_REPORT_BYTES} bytes`);
    const decoded = decodeClientMessage(body.bytes);
    if (!decoded.ok) return protocolErrorResponse(decoded.error);
    if (decoded.value.type !== "report") {
      return protocolErrorResponse(new ProtocolError("invalid_message", 'expected a {"type":"report"} message'));
    }
    reports.add(decoded.value);
    return new Response(null, { status: 204 });
  };
}
