/**
 * HTTP error answers. Every error body is JSON with `error` (a code from protocol's ERROR_CODES)
 * and `message`, plus optional detail (`parameter`, `issues`).
 */
import type { ErrorCode, ProtocolError } from "@tickerwire/protocol";

export type ErrorBody = { error: ErrorCode; message: string } & Record<string, unknown>;

export function errorResponse(
  status: number,
  code: ErrorCode,
  message: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  const body: ErrorBody = { error: code, message, ...extra };
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...headers },
  });
}

/** A decode failure as a 400 (or `status`) with its issues. */
export function protocolErrorResponse(e: ProtocolError, status = 400, extra: Record<string, unknown> = {}): Response {
  return errorResponse(status, e.code, e.message, e.issues.length > 0 ? { ...extra, issues: e.issues } : extra);
}
