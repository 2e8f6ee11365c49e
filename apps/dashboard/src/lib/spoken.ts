/**
 * Numbers as a screen reader should say them: the sign in words and the unit spelled out
 * (`$-12.00` is read "dollar dash twelve" or worse; "minus 12.00 US dollars" is not). Shown next
 * to the visual format by components/a11y/Amount.tsx, never instead of it.
 */

const grouped2 = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** How an amount's sign is spoken: `signed` says "plus" for gains (P&L), `unsigned` only says "minus". */
export type SignStyle = "signed" | "unsigned";

/**
 * `spokenMoney(1234.5, "signed")` is `plus 1,234.50 US dollars`, `spokenMoney(-12, "signed")`
 * `minus 12.00 US dollars`, a price `spokenMoney(42350.5)` `42,350.50 US dollars`. A value that
 * rounds to zero has no sign, as formatMoney shows `$0.00`.
 */
export function spokenMoney(value: number, sign: SignStyle = "unsigned"): string {
  const digits = grouped2.format(Math.abs(value));
  const unit = digits === "1.00" ? "US dollar" : "US dollars";
  if (digits === "0.00") return `0.00 ${unit}`;
  if (value < 0) return `minus ${digits} ${unit}`;
  return sign === "signed" ? `plus ${digits} ${unit}` : `${digits} ${unit}`;
}

/** A 0..1 ratio: `spokenPercent(0.85, 1)` is `85.0 percent`. */
export function spokenPercent(ratio: number, digits = 2): string {
  return `${(ratio * 100).toFixed(digits)} percent`;
}
