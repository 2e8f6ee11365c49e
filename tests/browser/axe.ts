/**
 * axe-core (from npm) in a real page: its source is evaluated through the DevTools protocol
 * (`page.evaluate`), which the dashboard's `script-src 'self'` policy does not govern — a
 * `<script>` tag added to the page would be blocked by it, as it should be. Runs the WCAG 2.0/2.1
 * level A and AA rules and returns the violations in a form a failed test can print.
 */
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";

/** The rule sets checked: WCAG 2.0 and 2.1, levels A and AA. */
export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] as const;

let source: string | null = null;
function axeSource(): string {
  source ??= readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  return source;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  /** Each failing element: its selector and axe's one-line reason. */
  nodes: { target: string; summary: string }[];
}

/** Injects axe-core once per document and runs the WCAG A/AA rules on the whole page. */
export async function runAxe(page: Page): Promise<{ version: string; violations: AxeViolation[] }> {
  const loaded = await page.evaluate(() => typeof (window as { axe?: unknown }).axe !== "undefined");
  if (!loaded) await page.evaluate(axeSource());
  return page.evaluate(
    async (tags) => {
      type Result = {
        id: string;
        impact: string | null;
        help: string;
        nodes: { target: unknown[]; failureSummary?: string }[];
      };
      const axe = (window as unknown as { axe: { version: string; run: (...a: unknown[]) => Promise<unknown> } }).axe;
      const r = (await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] })) as {
        violations: Result[];
      };
      return {
        version: axe.version,
        violations: r.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          nodes: v.nodes.map((n) => ({
            target: n.target.map(String).join(" "),
            summary: (n.failureSummary ?? "").replace(/\s+/g, " ").trim(),
          })),
        })),
      };
    },
    WCAG_TAGS as unknown as string[],
  );
}

/** One line per rule (`color-contrast (serious) × 49: …`) and one per element under it. */
export function formatViolations(violations: readonly AxeViolation[], maxNodes = 8): string {
  if (violations.length === 0) return "no violations";
  return violations
    .map((v) => {
      const head = `${v.id} (${v.impact ?? "?"}) × ${v.nodes.length}: ${v.help}`;
      const nodes = v.nodes.slice(0, maxNodes).map((n) => `    ${n.target} — ${n.summary.slice(0, 220)}`);
      const more = v.nodes.length > maxNodes ? [`    … and ${v.nodes.length - maxNodes} more`] : [];
      return [head, ...nodes, ...more].join("\n");
    })
    .join("\n");
}
