/**
 * Text shown one way and spoken another: `$-12.00` on screen, "minus 12.00 US dollars" to a
 * screen reader. The shown part is aria-hidden and carries the class and test id; the spoken
 * part is visually hidden. Use for any figure whose sign or unit a reader would otherwise garble.
 */

import { formatMoney } from "../../lib/format.ts";
import { type SignStyle, spokenMoney } from "../../lib/spoken.ts";

export interface SpokenProps {
  shown: string;
  spoken: string;
  class?: string;
  testId?: string;
}

export function Spoken({ shown, spoken, class: cls, testId }: SpokenProps) {
  return (
    <>
      <span class={cls} data-testid={testId} aria-hidden="true">
        {shown}
      </span>
      <span class="visually-hidden">{spoken}</span>
    </>
  );
}

export interface AmountProps {
  value: number;
  /** "signed" for P&L (says "plus" for gains), "unsigned" for prices (default). */
  sign?: SignStyle;
  class?: string;
  testId?: string;
}

/** A US-dollar amount: `$1,234.50` shown, "plus 1,234.50 US dollars" spoken. */
export function Amount({ value, sign = "unsigned", class: cls, testId }: AmountProps) {
  return <Spoken shown={formatMoney(value)} spoken={spokenMoney(value, sign)} class={cls} testId={testId} />;
}
