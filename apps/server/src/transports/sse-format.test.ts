import { describe, expect, it } from "bun:test";
import type { StoredEvent } from "@tickerwire/bus";
import { encodeEvent, type HubEvent } from "@tickerwire/protocol";
import { SseParser } from "@tickerwire/protocol/sse-parser";
import { controlFrame, createEventFramer, eventFrame, retryFrame, SSE_HEARTBEAT } from "./sse-format.ts";

function stored(seq: number, message = "line one\nline two"): StoredEvent {
  const e: HubEvent = {
    type: "alert",
    seq,
    topic: "system.alert",
    timestamp: "2026-01-19T10:30:45.123Z",
    data: { message, severity: "info", kind: "system" },
  };
  return { ...e, json: encodeEvent(e) };
}

describe("SSE framing", () => {
  it("frames an event with its resume token as id, its type as event name and the wire JSON as data", () => {
    const e = stored(42);
    expect(eventFrame("k3f9", e)).toBe(`id: k3f9:42\nevent: alert\ndata: ${e.json}\n\n`);
  });

  it("keeps a message with newlines on one data line (JSON escapes them) so a parser gets it back intact", () => {
    const e = stored(1, "a\nb\r\nc");
    const p = new SseParser();
    const items = [
      ...p.push(
        retryFrame(1500) + controlFrame({ type: "pong", server_time: "2026-01-19T10:30:45.123Z" }) + SSE_HEARTBEAT,
      ),
      ...p.push(eventFrame("E", e)),
    ];
    expect(items[0]).toEqual({ kind: "retry", ms: 1500 });
    expect(items[1]).toMatchObject({
      kind: "event",
      event: "pong",
      data: '{"type":"pong","server_time":"2026-01-19T10:30:45.123Z"}',
      id: undefined,
    });
    expect(items[2]).toEqual({ kind: "comment", text: "heartbeat" });
    const event = items[3];
    expect(event?.kind === "event" && event.id).toBe("E:1");
    expect(event?.kind === "event" && JSON.parse(event.data).data.message).toBe("a\nb\r\nc");
  });

  it("control frames carry no id, so they never move the browser's Last-Event-ID", () => {
    expect(
      controlFrame({ type: "replayed", count: 0, truncated: false, from_seq: 0, to_seq: 0, epoch: "E" }),
    ).not.toContain("id:");
  });

  it("frames each event once however many streams ask", () => {
    const framer = createEventFramer("E");
    const e = stored(7);
    const a = framer(e);
    expect(framer(e)).toBe(a); // same string instance from the cache
    expect(framer(stored(7))).toEqual(a);
  });
});
