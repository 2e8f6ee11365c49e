/**
 * External programs some end-to-end tests need (nginx, Chromium, python3). When one is missing its tests
 * are skipped with a clear note on a developer machine, but fail under CI=true: CI must not
 * quietly pass without running them (`bash scripts/bootstrap.sh --test` installs both).
 * Usage: `describe.skipIf(skipWithoutTool("nginx"))(...)` and `requireTool("nginx")` in beforeAll.
 */
import { existsSync } from "node:fs";

export const CHROMIUM_PATH = "/usr/bin/chromium";
export type Tool = "nginx" | "chromium" | "python3";

export function nginxPath(): string | null {
  return Bun.which("nginx") ?? (existsSync("/usr/sbin/nginx") ? "/usr/sbin/nginx" : null);
}

export function isCI(): boolean {
  return process.env.CI === "true" || process.env.CI === "1";
}

/** Why the tool cannot be used, or null when it is there. */
export function toolMissing(tool: Tool): string | null {
  const present =
    tool === "nginx"
      ? nginxPath() !== null
      : tool === "python3"
        ? Bun.which("python3") !== null
        : existsSync(CHROMIUM_PATH);
  if (present) return null;
  const where =
    tool === "nginx"
      ? "nginx (not on PATH nor /usr/sbin/nginx)"
      : tool === "python3"
        ? "python3 (not on PATH)"
        : `chromium (${CHROMIUM_PATH})`;
  return `${where} is not installed; run: bash scripts/bootstrap.sh --test`;
}

/** For `describe.skipIf`: true (skip, with a note) when the tool is missing outside CI. */
export function skipWithoutTool(tool: Tool): boolean {
  const missing = toolMissing(tool);
  if (missing && !isCI()) console.warn(`skipping ${tool} tests: ${missing}`);
  return missing !== null && !isCI();
}

/** Throws (failing the tests of the block) when the tool is missing; for beforeAll under CI. */
export function requireTool(tool: Tool): void {
  const missing = toolMissing(tool);
  if (missing) throw new Error(`${missing} (CI=true: failing instead of skipping)`);
}
