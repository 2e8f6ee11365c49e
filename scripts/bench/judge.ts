/** Pass/fail of `value` against `{at least | at most} bound`, with how far a miss is. Pure. */
export function judge(value: number, bound: number, kind: "min" | "max"): { pass: boolean; note: string } {
  const pass = kind === "min" ? value >= bound : value <= bound;
  if (pass) return { pass, note: "" };
  const pct = kind === "min" ? (1 - value / bound) * 100 : (value / bound - 1) * 100;
  return { pass, note: `missed: ${pct.toFixed(0)}% ${kind === "min" ? "short of" : "over"} the goal` };
}
