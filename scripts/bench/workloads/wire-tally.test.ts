import { describe, expect, it } from "bun:test";
import { createWireTally, frameHeaderBytes } from "./wire-tally.ts";

describe("wire tally", () => {
  it("counts each request's wire bytes by kind, a finished one by its total, an open stream by its chunks", () => {
    const t = createWireTally();
    t.requestWillBeSent({ requestId: "1", type: "Document" });
    t.requestWillBeSent({ requestId: "2", type: "Script" });
    t.requestWillBeSent({ requestId: "3", type: "EventSource" });
    t.requestWillBeSent({ requestId: "4", type: "Image" });
    t.dataReceived({ requestId: "1", dataLength: 900, encodedDataLength: 300 });
    t.loadingFinished({ requestId: "1", encodedDataLength: 420 }); // headers included
    t.loadingFinished({ requestId: "2", encodedDataLength: 1_000 });
    t.dataReceived({ requestId: "3", dataLength: 500, encodedDataLength: 0 });
    t.dataReceived({ requestId: "3", dataLength: 700, encodedDataLength: 710 });
    t.loadingFinished({ requestId: "4", encodedDataLength: 50 });
    expect(t.totals()).toEqual({
      bytes: 420 + 1_000 + 1_210 + 50,
      byKind: { document: 420, script: 1_000, style: 0, stream: 1_210, other: 50 },
    });
  });

  it("counts an open SSE stream by its messages when its chunks were not all reported", () => {
    const t = createWireTally();
    t.requestWillBeSent({ requestId: "s", type: "EventSource" });
    t.dataReceived({ requestId: "s", dataLength: 100, encodedDataLength: 100 });
    t.eventSourceMessageReceived({ requestId: "s", eventName: "snapshot", eventId: "e:7", data: "x".repeat(1_000) });
    // event: snapshot\n (16) + id: e:7\n (8) + data: …\n\n (1,007)
    expect(t.totals().byKind.stream).toBe(1_031);
  });

  it("counts WebSocket frames as UTF-8 payload plus the frame header", () => {
    const t = createWireTally();
    t.webSocketFrameReceived({ response: { payloadData: '{"type":"pong"}', opcode: 1 } });
    t.webSocketFrameReceived({ response: { payloadData: "é".repeat(100), opcode: 1 } });
    expect(t.totals().byKind.stream).toBe(15 + 2 + 200 + 4);
    expect([frameHeaderBytes(125), frameHeaderBytes(126), frameHeaderBytes(65_536)]).toEqual([2, 4, 10]);
  });
});
