import { describe, expect, it } from "bun:test";
import { composition, packageOf } from "./bundle-composition.ts";

describe("packageOf", () => {
  it("names npm packages, scoped ones and workspace folders", () => {
    expect(packageOf("node_modules/.bun/zod@4.6.7/node_modules/zod/v4/core/api.js")).toBe("zod");
    expect(packageOf("node_modules/.bun/@preact+signals@2/node_modules/@preact/signals/dist/x.mjs")).toBe(
      "@preact/signals",
    );
    expect(packageOf("packages/client/src/connector.ts")).toBe("packages/client");
    expect(packageOf("apps/dashboard/src/main.tsx")).toBe("apps/dashboard");
  });
});

describe("composition", () => {
  it("sums bytes per package and chunk, the page's chunks initial and the rest lazy", () => {
    const { packages } = composition(
      {
        outputs: {
          "./chunk-a.js": {
            bytes: 30,
            entryPoint: "apps/dashboard/src/index.html",
            inputs: {
              "node_modules/zod/a.js": { bytesInOutput: 10 },
              "node_modules/zod/b.js": { bytesInOutput: 5 },
              "apps/dashboard/src/main.tsx": { bytesInOutput: 15 },
            },
          },
          "./chunk-b.js": {
            bytes: 40,
            entryPoint: "apps/dashboard/src/charts/chart-host.ts",
            inputs: { "node_modules/lightweight-charts/dist/x.js": { bytesInOutput: 40 } },
          },
          "./chunk-c.css": {
            bytes: 7,
            entryPoint: "apps/dashboard/src/index.html",
            inputs: { "a.css": { bytesInOutput: 7 } },
          },
        },
      },
      "apps/dashboard/src/index.html",
    );
    expect(packages).toEqual([
      { name: "lightweight-charts", chunk: "lazy", bytes: 40 },
      { name: "zod", chunk: "initial", bytes: 15 },
      { name: "apps/dashboard", chunk: "initial", bytes: 15 },
    ]);
  });
});
