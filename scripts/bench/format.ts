/** How the report writes numbers: a dash for a missing or non-finite one. */
export const dash = "–";

export const fmt = {
  int: (v: number | null | undefined) =>
    v == null || !Number.isFinite(v) ? dash : Math.round(v).toLocaleString("en-US"),
  dec: (v: number | null | undefined, d = 1) => (v == null || !Number.isFinite(v) ? dash : v.toFixed(d)),
  x: (v: number | null | undefined) => (v == null || !Number.isFinite(v) ? dash : `${v.toFixed(2)}×`),
};
