/**
 * Renders the proxy templates in deploy/ (nginx, HAProxy): `__LISTEN__` is replaced everywhere;
 * a line holding `__UPSTREAM__` is written once per hub instance (with `__NAME__` = hub1, hub2…),
 * so every option on that line (max_fails, check…) comes from the file, not from the test.
 */

export class TemplateError extends Error {
  override readonly name = "TemplateError";
}

export interface TemplateValues {
  /** What `__LISTEN__` becomes, e.g. `127.0.0.1:40123`. */
  listen: string;
  /** host:port of each instance, in order. */
  upstreams: readonly string[];
}

const LEFTOVER = /__[A-Z]+__/;

/**
 * @example renderTemplate("server __UPSTREAM__ max_fails=1;", { listen: "80", upstreams: ["a:1", "b:2"] })
 *   // "server a:1 max_fails=1;\nserver b:2 max_fails=1;"
 */
export function renderTemplate(text: string, values: TemplateValues): string {
  if (values.upstreams.length === 0) throw new TemplateError("at least one upstream is needed");
  if (!text.includes("__LISTEN__")) throw new TemplateError("the template has no __LISTEN__");
  if (!text.includes("__UPSTREAM__")) throw new TemplateError("the template has no __UPSTREAM__ line");
  const lines = text.split("\n").flatMap((line) => {
    // Comments may mention the placeholders; only directives are expanded.
    if (line.trimStart().startsWith("#")) return [line];
    const withListen = line.replaceAll("__LISTEN__", values.listen);
    if (!withListen.includes("__UPSTREAM__")) return [withListen];
    return values.upstreams.map((addr, i) =>
      withListen.replaceAll("__UPSTREAM__", addr).replaceAll("__NAME__", `hub${i + 1}`),
    );
  });
  const leftover = lines.find((l) => !l.trimStart().startsWith("#") && LEFTOVER.test(l));
  if (leftover !== undefined) throw new TemplateError(`placeholder left in: ${leftover.trim()}`);
  return lines.join("\n");
}
