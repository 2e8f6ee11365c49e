/**
 * Boundary decoding: unknown input in, a typed value or a typed error out. These never throw,
 * whatever the input (arbitrary bytes, huge nesting, `__proto__` keys): a failure is a
 * `ProtocolError` carrying the code and the schema issues, ready to answer the sender with.
 */
import type { z } from "zod";
import { ClientMessage } from "./client-messages.ts";
import type { ErrorCode } from "./codes.ts";
import { type Check, compileSchema } from "./compile-schema.ts";
import type { PublishableEvent, PublishIssue } from "./publish.ts";
import { MAX_BATCH, toPath, validatePublishItem } from "./publish.ts";
import type { Issue } from "./server-messages.ts";
import { SERVER_MESSAGE_SCHEMAS, ServerMessage } from "./server-messages.ts";
import { EVENT_TYPES } from "./topics.ts";

export class ProtocolError extends Error {
  override readonly name = "ProtocolError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues: Issue[] = [],
  ) {
    super(message);
  }
  /** The `error` message to send back to the client. */
  toMessage(): { type: "error"; code: ErrorCode; message: string; issues?: Issue[] } {
    return this.issues.length > 0
      ? { type: "error", code: this.code, message: this.message, issues: this.issues }
      : { type: "error", code: this.code, message: this.message };
  }
}

export type Decoded<T> = { ok: true; value: T } | { ok: false; error: ProtocolError };

/** Parses JSON text without throwing. Binary input is decoded as UTF-8 (invalid bytes fail the parse). */
export function parseJson(raw: unknown): Decoded<unknown> {
  if (typeof raw !== "string" && !(raw instanceof Uint8Array) && !(raw instanceof ArrayBuffer)) {
    return { ok: true, value: raw };
  }
  try {
    const text = typeof raw === "string" ? raw : new TextDecoder("utf-8", { fatal: true }).decode(raw);
    // A `__proto__` key is never legitimate here; refuse it loudly rather than strip it quietly.
    if (text.includes("__proto__")) {
      let polluted = false;
      const value = JSON.parse(text, (key, v) => {
        if (key === "__proto__") polluted = true;
        return v;
      });
      if (polluted)
        return { ok: false, error: new ProtocolError("invalid_json", 'the key "__proto__" is not allowed') };
      return { ok: true, value };
    }
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return { ok: false, error: new ProtocolError("invalid_json", `not valid JSON: ${why.slice(0, 200)}`) };
  }
}

function fromSchema<T>(schema: z.ZodType<T>, input: unknown, code: ErrorCode, what: string): Decoded<T> {
  const json = parseJson(input);
  if (!json.ok) return json;
  let r: ReturnType<typeof schema.safeParse>;
  try {
    r = schema.safeParse(json.value);
  } catch (e) {
    // zod does not throw on bad data, but a pathological input (stack exhaustion) must not crash us.
    return { ok: false, error: new ProtocolError(code, `${what} could not be validated: ${String(e).slice(0, 100)}`) };
  }
  if (r.success) return { ok: true, value: r.data };
  const issues = r.error.issues.slice(0, 20).map((i) => ({ path: toPath(i.path), message: i.message }));
  const first = issues[0];
  const where = first && first.path.length > 0 ? ` at ${first.path.join(".")}` : "";
  return {
    ok: false,
    error: new ProtocolError(code, `invalid ${what}${where}: ${first?.message ?? "invalid"}`, issues),
  };
}

/** Decodes a client→server WebSocket message (text, bytes or parsed JSON). */
export function decodeClientMessage(raw: unknown): Decoded<ClientMessage> {
  return fromSchema(ClientMessage, raw, "invalid_message", "message");
}

/**
 * Decodes a server→client message (event or control). Used by the client SDK on every frame, so
 * it parses the JSON once and validates once: the `type` picks the one schema to run (what
 * `ServerMessage` would pick after trying the event union first). Unknown or missing types go
 * through `ServerMessage` itself, for its usual error.
 */
export function decodeServerMessage(raw: unknown): Decoded<ServerMessage> {
  const json = parseJson(raw);
  if (!json.ok) return json;
  return validateServerMessage(json.value);
}

/**
 * Events are checked by validators compiled from their schemas (compile-schema.ts: the same
 * verdict, several times faster where zod runs without its JIT); built on first use.
 */
let eventChecks: Map<string, Check> | null = null;
function eventCheck(type: string): Check | undefined {
  eventChecks ??= new Map(EVENT_TYPES.map((t) => [t, compileSchema(SERVER_MESSAGE_SCHEMAS[t])]));
  return eventChecks.get(type);
}

/** Validates one parsed server message (event or control): its `type` picks the one schema to run. */
export function validateServerMessage(value: unknown): Decoded<ServerMessage> {
  const type = (value as { type?: unknown } | null)?.type;
  // A valid event passes the compiled check and is the value zod would give (strict objects
  // copy nothing else); anything else goes to zod, for its verdict and its issues.
  const fast = typeof type === "string" ? eventCheck(type) : undefined;
  if (fast?.(value)) return { ok: true, value: value as ServerMessage };
  const schema =
    typeof type === "string" && Object.hasOwn(SERVER_MESSAGE_SCHEMAS, type)
      ? (SERVER_MESSAGE_SCHEMAS[type as ServerMessage["type"]] as z.ZodType<ServerMessage>)
      : ServerMessage;
  return fromSchema(schema, value, "invalid_message", "server message");
}

/**
 * Decodes a publish body: one `{topic, data}` or an array of up to `maxBatch`. All-or-nothing:
 * any invalid item fails the whole batch, with every item's issues (carrying its `index`).
 */
export function decodePublish(raw: unknown, maxBatch = MAX_BATCH): Decoded<PublishableEvent[]> {
  const json = parseJson(raw);
  if (!json.ok) return json;
  const items = Array.isArray(json.value) ? json.value : [json.value];
  if (items.length === 0) {
    return { ok: false, error: new ProtocolError("invalid_event", "empty batch: send at least one event") };
  }
  if (items.length > maxBatch) {
    return {
      ok: false,
      error: new ProtocolError("invalid_event", `batch of ${items.length} events exceeds the limit of ${maxBatch}`),
    };
  }
  const out: PublishableEvent[] = [];
  const issues: PublishIssue[] = [];
  items.forEach((item, index) => {
    const r = validatePublishItem(item, index);
    if (r.ok) out.push(r.value);
    else issues.push(...r.issues);
  });
  if (issues.length > 0) {
    const shown = issues.slice(0, 50);
    const f = shown[0];
    return {
      ok: false,
      error: new ProtocolError(
        "invalid_event",
        `event ${f?.index ?? 0} is invalid at ${f?.path.join(".") ?? ""}: ${f?.message ?? ""}`,
        shown,
      ),
    };
  }
  return { ok: true, value: out };
}
