import { describe, expect, test } from "bun:test";
import { SseParser } from "./sse-parser.ts";

const all = (chunks: string[]) => {
  const p = new SseParser();
  return chunks.flatMap((c) => p.push(c));
};

describe("SseParser", () => {
  test("parses named events with ids, retry and heartbeat comments", () => {
    const items = all([
      'retry: 3000\n\nevent: connected\ndata: {"a":1}\n\n',
      ': heartbeat\n\nid: k3f9:7\nevent: signal\ndata: {"seq":7}\n\n',
    ]);
    expect(items).toEqual([
      { kind: "retry", ms: 3000 },
      { kind: "event", event: "connected", data: '{"a":1}', id: undefined, lastEventId: "" },
      { kind: "comment", text: "heartbeat" },
      { kind: "event", event: "signal", data: '{"seq":7}', id: "k3f9:7", lastEventId: "k3f9:7" },
    ]);
  });

  test("reassembles fields split across chunks at any byte, including a CRLF split in two", () => {
    const text = "id: 5\r\nevent: trade\r\ndata: x\r\n\r\n";
    for (let cut = 1; cut < text.length; cut++) {
      const items = all([text.slice(0, cut), text.slice(cut)]);
      expect(items).toEqual([{ kind: "event", event: "trade", data: "x", id: "5", lastEventId: "5" }]);
    }
  });

  test("joins multi-line data with LF and ignores a leading BOM and unknown fields", () => {
    expect(all(["\uFEFFdata: a\ndata:b\nfoo: bar\n\n"])).toEqual([
      { kind: "event", event: "message", data: "a\nb", id: undefined, lastEventId: "" },
    ]);
  });

  test("keeps the last event id for later blocks but reports only a block's own id", () => {
    const items = all(["id: 1\ndata: a\n\ndata: b\n\n"]);
    expect(items[1]).toMatchObject({ id: undefined, lastEventId: "1" });
  });

  test("does not dispatch a block without data, nor an unterminated one", () => {
    expect(all(["event: x\n\n", "data: half"])).toEqual([]);
  });

  test("ignores a non-numeric retry", () => {
    expect(all(["retry: soon\n\n"])).toEqual([]);
  });
});
