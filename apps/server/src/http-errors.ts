/**
 * HTTP error answers. Every error body is protocol's `ErrorBody`: JSON with `error` (a code from
 * ERROR_CODES) and `message`, plus optional detail (`parameter`, `limit`, `issues`).
 */
import type { ErrorBody, ErrorCode, ProtocolError } from "@tickerwire/protocol";

/** The optional detail of an error body. */
export type ErrorDetail = Omit<ErrorBody, "error" | "message">;

export function errorResponse(
  status: number,
  code: ErrorCode,
  message: string,
  extra: ErrorDetail = {},
  headers: Record<string, string> = {},
): Response {
  const body: ErrorBody = { error: code, message, ...extra };
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...headers },
  });
}

/** A decode failure as a 400 (or `status`) with its issues. */
export function protocolErrorResponse(e: ProtocolError, status = 400, extra: ErrorDetail = {}): Response {
  return errorResponse(status, e.code, e.message, e.issues.length > 0 ? { ...extra, issues: e.issues } : extra);
}
