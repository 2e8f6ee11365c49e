import { describe, expect, it } from "bun:test";
import { signal } from "@preact/signals";
import { afterPaintSignal } from "./after-paint.ts";

describe("afterPaintSignal", () => {
  it("follows its source once the scheduled paint has happened, taking the latest value", () => {
    const paints: (() => void)[] = [];
    const src = signal(1);
    const out = afterPaintSignal(src, (cb) => void paints.push(cb));
    expect(out.value).toBe(1);
    src.value = 2;
    src.value = 3;
    expect(out.value).toBe(1); // not before the paint
    expect(paints).toHaveLength(1); // one paint awaited for both changes
    paints.shift()?.();
    expect(out.value).toBe(3);
    src.value = 4;
    paints.shift()?.();
    expect(out.value).toBe(4);
  });
});
