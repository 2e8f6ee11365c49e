import { describe, expect, it } from "bun:test";
import { CLOSE_CODES } from "@tickerwire/protocol";
import { closedEnd, deadEnd, openTimeoutEnd } from "./link-end.ts";

describe("how a link ended", () => {
  it("a refusal is fatal and says so in the error", () => {
    const end = closedEnd({ kind: "ws", connected: true }, { code: CLOSE_CODES.UNAUTHORIZED, reason: "bad token" });
    expect(end.action).toBe("fatal");
    expect(end.error).toMatchObject({ code: "rejected", fatal: true, transport: "ws", status: 4001 });
    expect(end.error.message).toBe("hub refused the ws connection: bad token");
  });

  it("a drop and a failed open are transport failures, told apart in the message", () => {
    const dropped = closedEnd({ kind: "sse", connected: true }, { status: 503, reason: "HTTP 503" });
    expect(dropped).toMatchObject({ action: "backoff", error: { code: "transport_failed", status: 503 } });
    expect(dropped.error.message).toBe("sse dropped: HTTP 503");
    const lagged = closedEnd({ kind: "ws", connected: false }, { code: CLOSE_CODES.LAGGED, reason: "lagged" });
    expect(lagged.action).toBe("now");
    expect(lagged.error.message).toBe("ws failed to open: lagged");
  });

  it("an open timeout and a dead connection back off, with their own codes", () => {
    expect(openTimeoutEnd("ws", 5000)).toMatchObject({ action: "backoff", error: { code: "open_timeout" } });
    expect(deadEnd("sse", 45000).error.message).toBe("no traffic on sse for 45000 ms");
  });
});
