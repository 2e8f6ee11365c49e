/**
 * A filter in a few words, for the folded controls' button: `All events`, or what narrows the
 * view: `2 strategies · Signals, Closures · confidence ≥ 70%`.
 */
import type { Filter } from "@tickerwire/protocol";
import { formatPercent } from "../lib/format.ts";
import { TYPE_LABELS } from "./FiltersBar.tsx";

export function filterWords(f: Filter | undefined): string {
  const parts: string[] = [];
  const s = f?.strategies;
  if (s && s.length > 0) parts.push(s.length === 1 ? (s[0] as string) : `${s.length} strategies`);
  if (f?.types && f.types.length > 0) parts.push(f.types.map((t) => TYPE_LABELS[t]).join(", "));
  if (f?.min_confidence !== undefined && f.min_confidence > 0)
    parts.push(`confidence ≥ ${formatPercent(f.min_confidence, 0)}`);
  return parts.length > 0 ? parts.join(" · ") : "All events";
}
