import { describe, expect, it } from "bun:test";
import { pathOf, queryOf } from "./request-url.ts";

describe("pathOf", () => {
  it("reads the path of an absolute URL, without its query", () => {
    expect(pathOf("http://127.0.0.1:8080/ws?topics=a.b")).toBe("/ws");
    expect(pathOf("http://h/ws")).toBe("/ws");
    expect(pathOf("http://h/ws/")).toBe("/ws/");
    expect(pathOf("https://h:1/api/v1/events?x=/ws")).toBe("/api/v1/events");
    expect(pathOf("http://h")).toBe("/");
  });
});

describe("queryOf", () => {
  it("reads the query of an absolute URL", () => {
    expect(queryOf("http://h/sse?topics=a.b,c.*&last_seq=3").get("topics")).toBe("a.b,c.*");
    expect(queryOf("http://h/sse?topics=a.b,c.*&last_seq=3").get("last_seq")).toBe("3");
    expect([...queryOf("http://h/sse").keys()]).toEqual([]);
  });
});
