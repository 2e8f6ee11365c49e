import { describe, expect, it } from "bun:test";
import { createEventQueue } from "./queue.ts";

describe("event queue", () => {
  it("hands values to next() in push order, whether they were buffered or awaited", async () => {
    const q = createEventQueue<number>(() => {});
    q.push(1);
    expect(await q.iterator.next()).toEqual({ done: false, value: 1 });
    const waiting = q.iterator.next();
    q.push(2);
    q.push(3);
    expect(await waiting).toEqual({ done: false, value: 2 });
    expect(await q.iterator.next()).toEqual({ done: false, value: 3 });
  });

  it("end() releases waiters and finishes after the buffered values are drained", async () => {
    const q = createEventQueue<number>(() => {});
    const waiting = q.iterator.next();
    q.end();
    expect(await waiting).toEqual({ done: true, value: undefined });
    const q2 = createEventQueue<number>(() => {});
    q2.push(7);
    q2.end();
    q2.push(8); // ignored after end
    expect(await q2.iterator.next()).toEqual({ done: false, value: 7 });
    expect(await q2.iterator.next()).toEqual({ done: true, value: undefined });
  });

  it("return() (a `break` in for-await) detaches it and drops what was buffered", async () => {
    let detached = 0;
    const q = createEventQueue<number>(() => detached++);
    q.push(1);
    await q.iterator.return?.();
    expect(detached).toBe(1);
    expect(await q.iterator.next()).toEqual({ done: true, value: undefined });
  });
});
