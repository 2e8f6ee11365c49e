import { expect, test } from "bun:test";
import { parseListeningLine } from "./listening.ts";

test("reads the URL and port from the server's readiness line", () => {
  expect(parseListeningLine("listening http://127.0.0.1:43121")).toEqual({
    url: "http://127.0.0.1:43121",
    port: 43121,
  });
  expect(parseListeningLine("listening http://localhost:8080/\n")).toEqual({
    url: "http://localhost:8080",
    port: 8080,
  });
});

test("ignores log lines and malformed ports", () => {
  expect(parseListeningLine('{"level":"info","msg":"listening http://127.0.0.1:1"}')).toBeNull();
  expect(parseListeningLine("listening http://127.0.0.1")).toBeNull();
  expect(parseListeningLine("listening http://127.0.0.1:0")).toBeNull();
  expect(parseListeningLine("listening http://127.0.0.1:70000")).toBeNull();
});
