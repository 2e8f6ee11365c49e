/**
 * Reads the totals of a `bun test --reporter=junit` file. Bun writes them on the root element:
 * `<testsuites name="bun test" tests= assertions= failures= skipped= time=>` (skip and todo both
 * count as skipped; see docs/runtime-notes.md).
 */

export interface JunitCounts {
  tests: number;
  failures: number;
  skipped: number;
  /** Seconds, as bun reports them. */
  time: number;
}

export class JunitParseError extends Error {
  override readonly name = "JunitParseError";
}

/** Parses the root `<testsuites>` totals. Throws `JunitParseError` when the root is missing. */
export function parseJunitCounts(xml: string): JunitCounts {
  const root = /<testsuites\b[^>]*>/.exec(xml)?.[0];
  if (!root) throw new JunitParseError("no <testsuites> element in the junit report");
  const attr = (k: string) => {
    const v = new RegExp(`\\b${k}="([\\d.]+)"`).exec(root)?.[1];
    return v === undefined ? 0 : Number(v);
  };
  // An `errors=` attribute (uncaught errors between tests) is counted as failures when present.
  return {
    tests: attr("tests"),
    failures: attr("failures") + attr("errors"),
    skipped: attr("skipped"),
    time: attr("time"),
  };
}
