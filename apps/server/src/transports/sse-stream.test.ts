import { describe, expect, it } from "bun:test";
import { type SseCloseReason, SseStream } from "./sse-stream.ts";

/** A stream whose flushes run when the test says (one "tick"). */
function manual(bufferLimit = 1_000) {
  const queue: (() => void)[] = [];
  const closes: SseCloseReason[] = [];
  const stream = new SseStream(
    { bufferLimit, schedule: (f) => queue.push(f), slowFarewell: "event: error\n\n" },
    { onClose: (r) => closes.push(r) },
  );
  const reader = stream.body.getReader();
  const decoder = new TextDecoder();
  return {
    stream,
    closes,
    tick: () => {
      for (const f of queue.splice(0)) f();
    },
    read: async () => {
      const r = await reader.read();
      return r.done ? null : decoder.decode(r.value);
    },
    reader,
  };
}

describe("SseStream", () => {
  it("coalesces every write of a tick into one chunk handed to the runtime", async () => {
    const m = manual();
    const pending = m.read(); // the runtime asks for data
    m.stream.write("a\n\n");
    m.stream.write("b\n\n");
    m.stream.write("c\n\n");
    expect(m.stream.writes).toBe(0);
    m.tick();
    expect(await pending).toBe("a\n\nb\n\nc\n\n");
    expect(m.stream.writes).toBe(1);
  });

  it("holds writes while the runtime is not asking (a slow socket) and counts them as buffered", async () => {
    const m = manual();
    m.stream.write("x".repeat(100));
    m.tick(); // nobody pulled: nothing handed over
    expect(m.stream.bufferedAmount()).toBe(100);
    expect(await m.read()).toBe("x".repeat(100)); // pull takes the backlog at once
    expect(m.stream.bufferedAmount()).toBe(0);
  });

  it("drops the backlog and ends the stream with the farewell once the backlog passes the limit", async () => {
    const m = manual(50);
    m.stream.write("x".repeat(30));
    expect(m.stream.isOpen).toBe(true);
    m.stream.write("x".repeat(30));
    expect(m.stream.isOpen).toBe(false);
    expect(m.closes).toEqual(["slow"]);
    expect(await m.read()).toBe("event: error\n\n");
    expect(await m.read()).toBeNull();
    m.stream.write("ignored");
    expect(m.stream.bufferedAmount()).toBe(0);
  });

  it("writable() waits for the backlog to drain under a quarter of the limit", async () => {
    const m = manual(100);
    m.stream.write("x".repeat(60));
    let ready = false;
    const w = m.stream.writable().then(() => {
      ready = true;
    });
    await Bun.sleep(1);
    expect(ready).toBe(false);
    await m.read();
    await w;
    expect(ready).toBe(true);
  });

  it("end() sends what is buffered, then finishes the body", async () => {
    const m = manual();
    m.stream.write("last\n\n");
    m.stream.end();
    expect(await m.read()).toBe("last\n\n");
    expect(await m.read()).toBeNull();
    expect(m.closes).toEqual(["server"]);
  });

  it("reports a client that cancels the body", async () => {
    const m = manual();
    await m.reader.cancel();
    expect(m.closes).toEqual(["client"]);
    expect(m.stream.isOpen).toBe(false);
  });
});
