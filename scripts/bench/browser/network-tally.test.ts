import { describe, expect, it } from "bun:test";
import { createNetworkTally, totals } from "./network-tally.ts";

describe("createNetworkTally", () => {
  it("counts wire bytes from loadingFinished and body bytes from dataReceived, per resource", () => {
    const t = createNetworkTally();
    t.requestWillBeSent({
      requestId: "1",
      request: { url: "http://h:1/" },
      type: "Document",
      initiator: { type: "other" },
    });
    t.requestWillBeSent({
      requestId: "2",
      request: { url: "http://h:1/chunk-a.js" },
      type: "Script",
      initiator: { type: "parser" },
    });
    t.responseReceived({ requestId: "1", response: { headers: { "Content-Encoding": "br" } } });
    t.responseReceived({ requestId: "2", response: { headers: {} } });
    t.dataReceived({ requestId: "1", dataLength: 500 });
    t.dataReceived({ requestId: "1", dataLength: 222 });
    t.dataReceived({ requestId: "2", dataLength: 1000 });
    t.loadingFinished({ requestId: "1", encodedDataLength: 600 });
    expect(t.pending()).toBe(1);
    t.loadingFinished({ requestId: "2", encodedDataLength: 1200 });
    expect(t.pending()).toBe(0);
    expect(t.resources()).toEqual([
      { path: "/", type: "Document", initiator: "other", encoding: "br", wireBytes: 600, bodyBytes: 722 },
      {
        path: "/chunk-a.js",
        type: "Script",
        initiator: "parser",
        encoding: "identity",
        wireBytes: 1200,
        bodyBytes: 1000,
      },
    ]);
    expect(totals(t.resources())).toEqual({ wireBytes: 1800, bodyBytes: 1722 });
  });

  it("ignores data: URLs and events of requests it never saw", () => {
    const t = createNetworkTally();
    t.requestWillBeSent({ requestId: "1", request: { url: "data:image/png;base64,AA" }, initiator: { type: "other" } });
    t.dataReceived({ requestId: "9", dataLength: 5 });
    t.loadingFinished({ requestId: "1", encodedDataLength: 5 });
    expect(t.resources()).toEqual([]);
    expect(t.pending()).toBe(0);
  });
});
