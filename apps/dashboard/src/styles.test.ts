/**
 * The colour tokens keep WCAG AA in both themes: every text colour on every surface it can sit
 * on reaches 4.5:1, the focus ring 3:1. A token a new panel adds to styles/tokens.css is held
 * to this by being listed here.
 */
import { describe, expect, it } from "bun:test";
import { readFileSync } from "node:fs";
import { contrastRatio, customProperties } from "../test/contrast.ts";

const css = readFileSync(new URL("./styles/tokens.css", import.meta.url), "utf8");
const lightStart = css.indexOf("@media (prefers-color-scheme: light)");
const dark = customProperties(css.slice(0, lightStart));
const light = { ...dark, ...customProperties(css.slice(lightStart)) };

const SURFACES = ["bg", "card", "card-2"] as const;
const TEXT = ["text", "muted", "positive", "negative", "info", "warning", "critical", "accent"] as const;

/** Every pair below `min`, as `token on surface: ratio`. */
function failures(theme: Record<string, string>, fgs: readonly string[], bgs: readonly string[], min: number) {
  const out: string[] = [];
  for (const fg of fgs) {
    for (const bg of bgs) {
      const [a, b] = [theme[fg], theme[bg]];
      if (!a || !b) out.push(`${fg} on ${bg}: token missing`);
      else if (contrastRatio(a, b) < min) out.push(`${fg} on ${bg}: ${contrastRatio(a, b).toFixed(2)}`);
    }
  }
  return out;
}

describe.each([
  ["dark", dark],
  ["light", light],
] as const)("%s theme tokens", (_name, theme) => {
  it("give every text colour 4.5:1 on every surface", () => {
    expect(failures(theme, TEXT, SURFACES, 4.5)).toEqual([]);
  });

  it("give the text on the critical fill 4.5:1", () => {
    expect(failures(theme, ["on-critical"], ["critical-fill"], 4.5)).toEqual([]);
  });

  it("give the focus ring 3:1 on every surface", () => {
    expect(failures(theme, ["focus"], SURFACES, 3)).toEqual([]);
  });
});

describe("contrast ratio", () => {
  it("matches the WCAG definition at its ends and a known pair", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrastRatio("#777777", "#777777")).toBe(1);
    expect(contrastRatio("#767676", "#ffffff")).toBeCloseTo(4.54, 2);
  });
});
