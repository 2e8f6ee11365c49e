import { describe, expect, it } from "bun:test";
import { createGroupCommit, type Outcome } from "./group-commit.ts";

describe("createGroupCommit", () => {
  it("commits requests of the same turn together, in order, each caller getting its own result", async () => {
    const groups: number[][] = [];
    const gc = createGroupCommit<number, number>({
      commit: (reqs) => {
        groups.push([...reqs]);
        return reqs.map((r) => ({ ok: true, value: r * 10 }));
      },
    });
    const results = await Promise.all([gc.submit(1), gc.submit(2), gc.submit(3)]);
    expect(results).toEqual([10, 20, 30]);
    expect(groups).toEqual([[1, 2, 3]]);
    expect(await gc.submit(4)).toBe(40);
    expect(groups).toEqual([[1, 2, 3], [4]]);
  });

  it("rejects every caller of a group whose commit throws", async () => {
    const gc = createGroupCommit<number, number>({
      commit: () => {
        throw new Error("disk full");
      },
    });
    const settled = await Promise.allSettled([gc.submit(1), gc.submit(2)]);
    expect(settled.map((s) => s.status)).toEqual(["rejected", "rejected"]);
    expect((settled[0] as PromiseRejectedResult).reason.message).toBe("disk full");
  });

  it("rejects only the caller whose own outcome failed", async () => {
    const gc = createGroupCommit<number, number>({
      commit: (reqs) =>
        reqs.map(
          (r): Outcome<number> => (r === 2 ? { ok: false, error: new Error("conflict") } : { ok: true, value: r }),
        ),
    });
    const settled = await Promise.allSettled([gc.submit(1), gc.submit(2), gc.submit(3)]);
    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
  });

  it("flushes pending requests synchronously on demand", async () => {
    let committed = 0;
    const gc = createGroupCommit<number, number>({
      commit: (reqs) => {
        committed += reqs.length;
        return reqs.map((r) => ({ ok: true, value: r }));
      },
      schedule: () => {}, // never runs on its own
    });
    const p = gc.submit(7);
    expect(gc.pending).toBe(1);
    gc.flush();
    expect(committed).toBe(1);
    expect(gc.pending).toBe(0);
    expect(await p).toBe(7);
  });

  it("puts requests submitted during a commit into the next group", async () => {
    const groups: number[][] = [];
    let inner: Promise<number> | undefined;
    const gc = createGroupCommit<number, number>({
      commit: (reqs) => {
        groups.push([...reqs]);
        if (reqs[0] === 1) inner = gc.submit(99);
        return reqs.map((r) => ({ ok: true, value: r }));
      },
    });
    await gc.submit(1);
    expect(await inner).toBe(99);
    expect(groups).toEqual([[1], [99]]);
  });

  it("pipelines async commits: the next group starts before the previous one settles", async () => {
    const started: number[][] = [];
    const release: (() => void)[] = [];
    const gc = createGroupCommit<number, number>({
      commit: (reqs) => {
        started.push([...reqs]);
        return new Promise((resolve) => release.push(() => resolve(reqs.map((r) => ({ ok: true, value: r + 1 })))));
      },
    });
    const a = gc.submit(1);
    await Bun.sleep(1);
    const b = gc.submit(2);
    await Bun.sleep(1);
    expect(started).toEqual([[1], [2]]);
    expect(gc.inFlight).toBe(2);
    let settled = false;
    const all = gc.settled().then(() => {
      settled = true;
    });
    release[1]!();
    expect(await b).toBe(3);
    expect(settled).toBe(false);
    release[0]!();
    expect(await a).toBe(2);
    await all;
    expect(gc.inFlight).toBe(0);
  });

  it("rejects every caller of a group whose async commit rejects", async () => {
    const gc = createGroupCommit<number, number>({ commit: () => Promise.reject(new Error("redis down")) });
    const settled = await Promise.allSettled([gc.submit(1), gc.submit(2)]);
    expect(settled.map((s) => s.status)).toEqual(["rejected", "rejected"]);
    expect((settled[1] as PromiseRejectedResult).reason.message).toBe("redis down");
  });
});
