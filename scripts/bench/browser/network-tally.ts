/**
 * Bytes over the wire per HTTP resource of a page load, from Chrome DevTools Protocol `Network.*`
 * events: `loadingFinished.encodedDataLength` (headers + body as received, i.e. compressed) and
 * the sum of `dataReceived.dataLength` (the decoded body). WebSocket traffic has events of its own
 * and is not counted. Pure: feed it events, read the resources.
 */

export interface ResourceBytes {
  /** URL path (`/chunk-12gx4330.js`). */
  path: string;
  /** CDP resource type: Document, Script, Stylesheet, Other... */
  type: string;
  /** `script` for a chunk a script imported (lazily), `parser` for one the page links, ... */
  initiator: string;
  /** Content-Encoding of the response, or "identity". */
  encoding: string;
  wireBytes: number;
  bodyBytes: number;
}

interface Entry extends Omit<ResourceBytes, "wireBytes"> {
  wireBytes: number | null;
}

export interface NetworkTally {
  requestWillBeSent(e: {
    requestId: string;
    request: { url: string };
    type?: string;
    initiator: { type: string };
  }): void;
  responseReceived(e: { requestId: string; response: { headers: Record<string, string> } }): void;
  dataReceived(e: { requestId: string; dataLength: number }): void;
  loadingFinished(e: { requestId: string; encodedDataLength: number }): void;
  /** Requests started but not yet finished. */
  pending(): number;
  /** Every finished resource, in request order. */
  resources(): ResourceBytes[];
}

export function createNetworkTally(): NetworkTally {
  const byId = new Map<string, Entry>();
  return {
    requestWillBeSent(e) {
      if (!/^https?:/.test(e.request.url)) return; // data: URLs never touch the network
      byId.set(e.requestId, {
        path: new URL(e.request.url).pathname,
        type: e.type ?? "Other",
        initiator: e.initiator.type,
        encoding: "identity",
        wireBytes: null,
        bodyBytes: 0,
      });
    },
    responseReceived(e) {
      const r = byId.get(e.requestId);
      if (!r) return;
      const h = Object.entries(e.response.headers).find(([k]) => k.toLowerCase() === "content-encoding");
      r.encoding = h?.[1] ?? "identity";
    },
    dataReceived(e) {
      const r = byId.get(e.requestId);
      if (r) r.bodyBytes += e.dataLength;
    },
    loadingFinished(e) {
      const r = byId.get(e.requestId);
      if (r) r.wireBytes = e.encodedDataLength;
    },
    pending: () => [...byId.values()].filter((r) => r.wireBytes === null).length,
    resources: () => [...byId.values()].filter((r): r is ResourceBytes => r.wireBytes !== null).map((r) => ({ ...r })),
  };
}

/** Sum of wire and body bytes over resources. */
export function totals(rs: readonly ResourceBytes[]): { wireBytes: number; bodyBytes: number } {
  return rs.reduce((t, r) => ({ wireBytes: t.wireBytes + r.wireBytes, bodyBytes: t.bodyBytes + r.bodyBytes }), {
    wireBytes: 0,
    bodyBytes: 0,
  });
}
