/**
 * Bytes a page received over the wire, from Chromium's DevTools Network events: for each HTTP
 * request its `loadingFinished.encodedDataLength` (headers and body as sent, compressed or not),
 * or for a stream still open (SSE) the sum of its `dataReceived` chunks — or, when more, of the
 * SSE messages it delivered (Chromium was seen to report only part of a long stream's chunks
 * in one load of ten, which the messages, whole, cannot miss); plus every WebSocket
 * frame the page received (payload and frame header; permessage-deflate is not negotiated with
 * the hub). Grouped by kind, so a report can say what the page cost: document, scripts, styles,
 * the hub's stream (where the snapshot arrives), the rest. Pure: events in, totals out.
 */

export type WireKind = "document" | "script" | "style" | "stream" | "other";

interface Request {
  kind: WireKind;
  chunks: number;
  /** SSE: the messages' bytes as framed on the wire. */
  messages: number;
  finished: number | null;
}

export interface WireTally {
  requestWillBeSent(e: { requestId: string; type?: string }): void;
  dataReceived(e: { requestId: string; dataLength: number; encodedDataLength: number }): void;
  loadingFinished(e: { requestId: string; encodedDataLength: number }): void;
  webSocketFrameReceived(e: { response: { payloadData: string; opcode?: number } }): void;
  eventSourceMessageReceived(e: { requestId: string; eventName: string; eventId: string; data: string }): void;
  totals(): { bytes: number; byKind: Record<WireKind, number> };
}

function kindOf(type: string | undefined): WireKind {
  switch (type) {
    case "Document":
      return "document";
    case "Script":
      return "script";
    case "Stylesheet":
      return "style";
    case "EventSource":
      return "stream";
    default:
      return "other";
  }
}

/** RFC 6455 server frame header size for a payload of `n` bytes (no mask from a server). */
export function frameHeaderBytes(n: number): number {
  return n < 126 ? 2 : n < 65_536 ? 4 : 10;
}

export function createWireTally(): WireTally {
  const requests = new Map<string, Request>();
  let wsBytes = 0;
  const get = (id: string) => {
    let r = requests.get(id);
    if (!r) {
      r = { kind: "other", chunks: 0, messages: 0, finished: null };
      requests.set(id, r);
    }
    return r;
  };
  return {
    requestWillBeSent(e) {
      get(e.requestId).kind = kindOf(e.type);
    },
    dataReceived(e) {
      // Chromium reports 0 encoded bytes for some chunks (e.g. of a stream); the body bytes then.
      get(e.requestId).chunks += e.encodedDataLength > 0 ? e.encodedDataLength : e.dataLength;
    },
    loadingFinished(e) {
      get(e.requestId).finished = e.encodedDataLength;
    },
    webSocketFrameReceived(e) {
      // Binary frames come base64-encoded; the hub sends text.
      const n =
        e.response.opcode === 2
          ? Math.floor((e.response.payloadData.length * 3) / 4)
          : Buffer.byteLength(e.response.payloadData);
      wsBytes += n + frameHeaderBytes(n);
    },
    eventSourceMessageReceived(e) {
      // `event: <name>\n` (when not "message"), `id: <id>\n` (when set), `data: <data>\n`, blank line.
      const framing =
        (e.eventName && e.eventName !== "message" ? 8 + e.eventName.length : 0) +
        (e.eventId ? 5 + e.eventId.length : 0) +
        7;
      get(e.requestId).messages += Buffer.byteLength(e.data) + framing;
    },
    totals() {
      const byKind: Record<WireKind, number> = { document: 0, script: 0, style: 0, stream: wsBytes, other: 0 };
      for (const r of requests.values()) byKind[r.kind] += r.finished ?? Math.max(r.chunks, r.messages);
      return { bytes: Object.values(byKind).reduce((a, b) => a + b, 0), byKind };
    },
  };
}
