import { describe, expect, it } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CONFIG_VARS } from "../apps/server/src/config.ts";
import { configTable } from "./config-doc.ts";

describe("README configuration section", () => {
  const readme = readFileSync(join(import.meta.dir, "..", "README.md"), "utf8");

  it("documents every environment variable the hub reads", () => {
    const missing = Object.keys(CONFIG_VARS).filter((name) => !readme.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });

  it("has a row for each variable in the generated table", () => {
    expect(configTable().split("\n").length).toBe(Object.keys(CONFIG_VARS).length + 2);
  });
});
