import { describe, expect, it } from "bun:test";
import { endpointUrl, reportUrl } from "./urls.ts";

describe("endpoint URLs", () => {
  it("maps http(s) to ws(s) and appends the endpoint to any base path", () => {
    const q = { topics: [">"], filter: undefined, cursor: null };
    expect(endpointUrl("http://h:8080", "ws", q)).toBe("ws://h:8080/ws?topics=%3E&batch=1");
    expect(endpointUrl("https://h/hub/", "ws", q)).toBe("wss://h/hub/ws?topics=%3E&batch=1");
    expect(endpointUrl("https://h/hub", "sse", q)).toBe("https://h/hub/sse?topics=%3E");
  });

  it("asks for events frames on the WebSocket only (SSE events stay one per message)", () => {
    const q = { topics: [">"], filter: undefined, cursor: null };
    expect(new URL(endpointUrl("http://h", "ws", q)).searchParams.get("batch")).toBe("1");
    expect(new URL(endpointUrl("http://h", "sse", q)).searchParams.has("batch")).toBe(false);
  });

  it("carries topics, the resume token and the filter in the query", () => {
    const url = new URL(
      endpointUrl("http://h", "sse", {
        topics: ["strategy.*.signal", "trade.>"],
        filter: { strategies: ["A", "B"], types: ["signal"], min_confidence: 0.7 },
        cursor: { epoch: "k3f9", seq: 1042 },
      }),
    );
    expect(url.searchParams.get("topics")).toBe("strategy.*.signal,trade.>");
    expect(url.searchParams.get("last_seq")).toBe("k3f9:1042");
    expect(url.searchParams.get("strategies")).toBe("A,B");
    expect(url.searchParams.get("types")).toBe("signal");
    expect(url.searchParams.get("min_confidence")).toBe("0.7");
  });

  it("sends a bare seq when the epoch is not known yet", () => {
    const url = new URL(
      endpointUrl("http://h", "ws", { topics: [">"], filter: undefined, cursor: { epoch: null, seq: 0 } }),
    );
    expect(url.searchParams.get("last_seq")).toBe("0");
  });
});

describe("lag report URL", () => {
  it("is /api/v1/client-reports under the hub base, whatever its path or query", () => {
    expect(reportUrl("http://h:8080")).toBe("http://h:8080/api/v1/client-reports");
    expect(reportUrl("https://h/hub/?x=1")).toBe("https://h/hub/api/v1/client-reports");
  });
});
